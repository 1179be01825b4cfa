@scsi
Feature: First burst of write data over FCP
  A host and a target port that both allow a first burst agree to it in process login (WRITE FCP_XFER_RDY
  DISABLED in the PRLI and its accept). The host then sends the start of a write's data right after the
  command, keeping the sequence initiative, and the target asks only for the rest with FCP_XFER_RDY, in pieces
  no larger than its maximum burst. Write data the target did not ask for, beyond the agreed first burst, is
  refused with FCP_RSP_INFO and never reaches the logical unit.

  Scenario: A write starts with its first burst and the target asks for the rest
    Given array1 port 0a allows a first burst of 2048 bytes
    And h1 allows a first burst of 2048 bytes
    And h1 has scanned the LUNs of array1 port 0a
    Then the process login between h1 and array1 port 0a agreed to a first burst
    When h1 writes 8 blocks of pattern A at LBA 200 of LUN 3 through array1 port 0a
    Then the command of h1 completes with status GOOD
    And h1 sent 2048 bytes of write data before any FCP_XFER_RDY
    And array1 port 0a asked for the rest of the write data with these FCP_XFER_RDYs:
      | offset | burst length |
      | 2048   | 2048         |
    When h1 reads 8 blocks at LBA 200 of LUN 3 through array1 port 0a
    Then h1 reads back pattern A

  Scenario: A write that fits in the first burst needs no FCP_XFER_RDY
    Given array1 port 0a allows a first burst of 4096 bytes
    And h1 allows a first burst of 4096 bytes
    And h1 has scanned the LUNs of array1 port 0a
    When h1 writes 4 blocks of pattern B at LBA 300 of LUN 3 through array1 port 0a
    Then the command of h1 completes with status GOOD
    And h1 sent 2048 bytes of write data before any FCP_XFER_RDY
    And array1 port 0a sent no FCP_XFER_RDY
    When h1 reads 4 blocks at LBA 300 of LUN 3 through array1 port 0a
    Then h1 reads back pattern B

  Scenario: The target asks for the rest in pieces of its maximum burst
    Given array1 port 0a allows a first burst of 1024 bytes
    And array1 port 0a asks for write data in bursts of at most 1024 bytes
    And h1 allows a first burst of 1024 bytes
    And h1 has scanned the LUNs of array1 port 0a
    When h1 writes 8 blocks of pattern C at LBA 400 of LUN 3 through array1 port 0a
    Then the command of h1 completes with status GOOD
    And h1 sent 1024 bytes of write data before any FCP_XFER_RDY
    And array1 port 0a asked for the rest of the write data with these FCP_XFER_RDYs:
      | offset | burst length |
      | 1024   | 1024         |
      | 2048   | 1024         |
      | 3072   | 1024         |
    When h1 reads 8 blocks at LBA 400 of LUN 3 through array1 port 0a
    Then h1 reads back pattern C

  Scenario: Without the target's agreement every byte of a write is asked for
    Given h1 allows a first burst of 2048 bytes
    And h1 has scanned the LUNs of array1 port 0a
    Then the process login between h1 and array1 port 0a agreed to no first burst
    When h1 writes 8 blocks of pattern D at LBA 500 of LUN 3 through array1 port 0a
    Then the command of h1 completes with status GOOD
    And h1 sent 0 bytes of write data before any FCP_XFER_RDY
    And array1 port 0a asked for the write data with one FCP_XFER_RDY of 4096 bytes
    When h1 reads 8 blocks at LBA 500 of LUN 3 through array1 port 0a
    Then h1 reads back pattern D

  Scenario: Write data beyond the agreed first burst is refused and changes nothing
    Given array1 port 0a allows a first burst of 2048 bytes
    And h1 allows a first burst of 2048 bytes
    And h1 has scanned the LUNs of array1 port 0a
    When h1 writes 8 blocks of pattern A at LBA 600 of LUN 3 through array1 port 0a
    Then the command of h1 completes with status GOOD
    When h1 sends all 8 blocks of pattern E at LBA 600 of LUN 3 unsolicited through array1 port 0a
    Then h1 gets an FCP_RSP saying the data length differs from the burst length
    And array1 port 0a sent no FCP_XFER_RDY
    When h1 reads 8 blocks at LBA 600 of LUN 3 through array1 port 0a
    Then h1 reads back pattern A
