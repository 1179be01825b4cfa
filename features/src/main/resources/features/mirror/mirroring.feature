@mirror
Feature: Mirroring writes between the servers of a virtual SAN
  The virtual SAN vsan1 is made of servers ms1, ms2 and ms3, each with its own mass storage device holding a
  copy of the shared LUN 5. A write a server receives is executed on its own device, and its mirror engine
  sends a copy of the write request to the other servers, whose mirror engines execute it on their devices,
  before the host gets its answer. The copies travel over a dedicated link between two servers, or over the
  shared network: fabric A, whose switch also carries the hosts' traffic. Either way the hosts, and each
  server's I/O driver, see one shared storage node: the same logical unit, the same data, through any server.
  Mirror and policing messages are FC frames of the emulator-defined FC-4 TYPE 0xE1.

  @claim-mirror-1 @claim-mirror-2 @claim-mirror-9 @claim-mirror-10 @claim-mirror-11 @claim-mirror-12
  @claim-mirror-20 @claim-mirror-21
  Scenario: A write received by one server is executed there and its copy is executed on the other, over a dedicated link
    Given servers ms1 and ms2 mirror the shared LUN over dedicated links
    When h1 writes 8 blocks of pattern A at LBA 0 of the shared LUN through server ms1
    Then the write of h1 completes with status GOOD
    And ms1 executed the write on its own device
    And ms1's mirror engine sent a copy of the write request to ms2 over the dedicated link between them
    And ms2's mirror engine executed the copy on its own device
    And ms2 acknowledged the copy before ms1 answered h1
    And no mirror message crossed fabric A
    And the copies on ms1 and ms2 are identical block by block for 8 blocks from LBA 0
    When h2 writes 8 blocks of pattern B at LBA 100 of the shared LUN through server ms2
    Then the write of h2 completes with status GOOD
    And ms2's mirror engine sent a copy of the write request to ms1 over the dedicated link between them
    And ms1's mirror engine executed the copy on its own device
    And the copies on ms1 and ms2 are identical block by block for 8 blocks from LBA 100
    And the history of the shared LUN shows every read returning the last acknowledged write

  @claim-mirror-1 @claim-mirror-3 @claim-mirror-8 @claim-mirror-9 @claim-mirror-13 @claim-mirror-20
  @claim-mirror-22
  Scenario: Over the shared network the copies cross the fabric switch that also carries the hosts' traffic
    Given servers ms1 and ms2 mirror the shared LUN over the shared network
    When h1 writes 4 blocks of pattern N at LBA 64 of the shared LUN through server ms1
    Then the write of h1 completes with status GOOD
    And ms1's I/O driver initiated the write on the shared storage node
    And ms1's mirror engine sent a copy of the write request to ms2 through the switch of fabric A
    And fabric A also carried h1's write to ms1
    And no mirror message crossed a dedicated link
    And ms2's mirror engine executed the copy on its own device
    And the copies on ms1 and ms2 are identical block by block for 4 blocks from LBA 64
    When h2 writes 4 blocks of pattern M at LBA 200 of the shared LUN through server ms2
    Then the write of h2 completes with status GOOD
    And ms2's mirror engine sent a copy of the write request to ms1 through the switch of fabric A
    And the copies on ms1 and ms2 are identical block by block for 4 blocks from LBA 200

  @claim-mirror-1 @claim-mirror-8 @claim-mirror-9 @claim-mirror-20
  Scenario: Hosts on either server see one shared storage node with the same identity and the same data
    Given servers ms1 and ms2 mirror the shared LUN over dedicated links
    When h1 asks the shared LUN through server ms1 for its device identification page
    And h2 asks the shared LUN through server ms2 for its device identification page
    Then h1 and h2 see the same NAA designator for the shared LUN
    And the I/O drivers of ms1 and ms2 see the same logical unit, named vsan1-lun5
    When h1 writes 16 blocks of pattern S at LBA 32 of the shared LUN through server ms1
    And h2 reads 16 blocks at LBA 32 of the shared LUN through server ms2
    Then h2 reads back pattern S from the shared LUN
    And ms2 served the read from its own device
    And the history of the shared LUN shows every read returning the last acknowledged write
