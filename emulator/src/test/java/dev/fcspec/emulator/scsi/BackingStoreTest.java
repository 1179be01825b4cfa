package dev.fcspec.emulator.scsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Backing stores: sparse memory and file")
class BackingStoreTest {

    private static byte[] bytes(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    @Test
    void memoryStoreAllocatesOnWriteAndGivesChunksBackWhenFullyUnmapped() {
        SparseMemoryStore s = new SparseMemoryStore(1 << 20, 512);
        assertThat(s.allocatedBytes()).isZero();
        s.write(65_024, bytes(1024, 7), 0, 1024, false);
        assertThat(s.allocatedBytes()).isEqualTo(SparseMemoryStore.CHUNK_SIZE * 2L);
        byte[] back = new byte[1024];
        s.read(65_024, back, 0, 1024);
        assertThat(back).isEqualTo(bytes(1024, 7));
        assertThat(s.isMapped(65_536)).isTrue();
        assertThat(s.isMapped(0)).isFalse();
        s.unmap(65_024, 1024);
        assertThat(s.allocatedBytes()).isZero();
        s.read(65_024, back, 0, 1024);
        assertThat(back).isEqualTo(new byte[1024]);
    }

    @Test
    void partialUnmapZeroesOnlyThoseBlocksAndKeepsNeighbours() {
        SparseMemoryStore s = new SparseMemoryStore(1 << 20, 512);
        s.write(0, bytes(4096, 1), 0, 4096, false);
        s.unmap(1024, 512);
        byte[] back = new byte[4096];
        s.read(0, back, 0, 4096);
        assertThat(Arrays.copyOfRange(back, 0, 1024)).isEqualTo(bytes(1024, 1));
        assertThat(Arrays.copyOfRange(back, 1024, 1536)).isEqualTo(new byte[512]);
        assertThat(Arrays.copyOfRange(back, 1536, 4096)).isEqualTo(bytes(2560, 1));
        assertThat(s.mappingRunEnd(0, 4096, 512)).isEqualTo(1024);
        assertThat(s.mappingRunEnd(1024, 4096, 512)).isEqualTo(1536);
        assertThat(s.mappingRunEnd(1536, 1 << 20, 512)).isEqualTo(4096);
        assertThat(s.mappingRunEnd(4096, 1 << 20, 512)).isEqualTo(1 << 20);
    }

    @Test
    void resizeKeepsDataBelowTheNewCapacityAndGrowsWithZeros() {
        SparseMemoryStore s = new SparseMemoryStore(1 << 17, 512);
        s.write(0, bytes(1 << 17, 3), 0, 1 << 17, false);
        s.resize(70_144);
        s.resize(1 << 18);
        byte[] back = new byte[1 << 18];
        s.read(0, back, 0, back.length);
        assertThat(Arrays.copyOfRange(back, 0, 70_144)).isEqualTo(bytes(70_144, 3));
        assertThat(Arrays.copyOfRange(back, 70_144, back.length)).isEqualTo(new byte[back.length - 70_144]);
    }

    @Test
    void memoryStoreRejectsBadGeometry() {
        assertThatThrownBy(() -> new SparseMemoryStore(1000, 512)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SparseMemoryStore(4096, 1000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fileStoreKeepsAcknowledgedDataAcrossReopen(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("lun0.img");
        try (FileStore s = new FileStore(f, 1 << 20)) {
            assertThat(Files.size(f)).isEqualTo(1 << 20);
            s.write(4096, bytes(512, 9), 0, 512, true);
            s.write(8192, bytes(512, 8), 0, 512, false);
            s.flush();
            assertThat(s.isMapped(8192)).isTrue();
            s.unmap(8192, 512);
            assertThat(s.isMapped(8192)).isFalse();
            assertThat(s.mappingRunEnd(8192, 1 << 20, 512)).isEqualTo(8704);
        }
        assertThat(Files.exists(dir.resolve("lun0.img.map"))).as("allocation map beside the file").isTrue();
        try (FileStore s = new FileStore(f, 1 << 20)) {
            byte[] back = new byte[512];
            s.read(4096, back, 0, 512);
            assertThat(back).isEqualTo(bytes(512, 9));
            s.read(8192, back, 0, 512);
            assertThat(back).isEqualTo(new byte[512]);
            assertThat(s.isMapped(8192)).as("map reloaded").isFalse();
            assertThat(s.isMapped(4096)).isTrue();
            s.resize(1 << 21);
            assertThat(Files.size(f)).isEqualTo(1 << 21);
        }
    }

    @Test
    void fileBackedLogicalUnitServesScsiCommands(@TempDir Path dir) throws Exception {
        FileStore store = new FileStore(dir.resolve("lu.img"), 1 << 20);
        LogicalUnit lu = LogicalUnit.builder("file", store).build();
        assertThat(lu.thinProvisioning()).as("files keep an allocation map").isTrue();
        ScsiBench bench = new ScsiBench(lu);
        byte[] data = ScsiBench.pattern(2, 512, 5);
        byte[] fua = ScsiBench.rw10(ScsiConstants.WRITE_10, 3, 2);
        fua[1] = 0x08;
        ScsiBench.assertGood(bench.write(bench.a, fua, data));
        ScsiBench.assertGood(bench.exec(bench.a, ScsiBench.rw10(ScsiConstants.SYNCHRONIZE_CACHE_10, 0, 0), 0));
        store.close();
        try (FileStore again = new FileStore(dir.resolve("lu.img"), 1 << 20)) {
            byte[] back = new byte[1024];
            again.read(3 * 512, back, 0, 1024);
            assertThat(back).isEqualTo(data);
        }
    }

    @Test
    void fileStoreUnmapOfAPartialGranuleZeroesButStaysMapped(@TempDir Path dir) throws Exception {
        try (FileStore s = new FileStore(dir.resolve("g.img"), 1 << 20, 4096)) {
            s.write(0, bytes(8192, 5), 0, 8192, false);
            s.unmap(512, 1024);
            assertThat(s.isMapped(0)).isTrue();
            byte[] back = new byte[8192];
            s.read(0, back, 0, 8192);
            assertThat(Arrays.copyOfRange(back, 512, 1536)).isEqualTo(new byte[1024]);
            assertThat(Arrays.copyOfRange(back, 1536, 8192)).isEqualTo(bytes(6656, 5));
            s.unmap(4096, 4096);
            assertThat(s.isMapped(4096)).isFalse();
        }
    }

    @Test
    void aMapOfAnotherGeometryIsIgnoredAndEverythingCountsAsMapped(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.img");
        try (FileStore s = new FileStore(f, 1 << 20)) {
            s.unmap(0, 4096);
        }
        try (FileStore s = new FileStore(f, 2 << 20)) {
            assertThat(s.isMapped(0)).isTrue();
        }
        Files.write(dir.resolve("m.img.map"), new byte[]{1, 2, 3});
        try (FileStore s = new FileStore(f, 2 << 20)) {
            assertThat(s.isMapped(0)).isTrue();
        }
    }

    @Test
    void aForwardingStoreHandsOnWhatItDoesNotOverride() throws Exception {
        SparseMemoryStore under = new SparseMemoryStore(1 << 20, 512);
        int[] reads = {0};
        BackingStore counting = new ForwardingBackingStore() {
            @Override
            protected BackingStore delegate() {
                return under;
            }

            @Override
            public void read(long offset, byte[] dst, int dstOffset, int length) throws java.io.IOException {
                reads[0]++;
                super.read(offset, dst, dstOffset, length);
            }
        };

        counting.write(4096, bytes(512, 9), 0, 512, true);
        byte[] back = new byte[512];
        counting.read(4096, back, 0, 512);

        assertThat(back).isEqualTo(bytes(512, 9));
        assertThat(reads[0]).isEqualTo(1);
        assertThat(counting.capacity()).isEqualTo(under.capacity());
        assertThat(counting.isMapped(4096)).isTrue();
        assertThat(counting.mappingRunEnd(4096, 1 << 20, 512)).isEqualTo(under.mappingRunEnd(4096, 1 << 20, 512));
        assertThat(counting.thinProvisioned()).isEqualTo(under.thinProvisioned());
        counting.unmap(4096, 512);
        assertThat(under.isMapped(4096)).isFalse();
    }
}
