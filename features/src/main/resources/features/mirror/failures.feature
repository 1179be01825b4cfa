@mirror
Feature: Reading from the surviving copy after a server or a device fails
  Every acknowledged write is on the device of every server of the virtual SAN, so when a server goes
  offline, or its mass storage device fails, the data is still read: from another server, or by the server
  whose device failed, from a copy its mirror engine reads over the mirror path. The history checker records
  every block operation the hosts saw and checks that every read returns the last acknowledged write (or one
  whose outcome the host does not know). A server that goes offline drops off the fabric, as a server that
  lost power: its links go dark and the switch logs its port out. With two servers there is no majority, so the
  server with the higher id goes on alone only once the fabric's name server confirms the other is gone.

  @claim-mirror-4 @claim-mirror-5
  Scenario: After the server that received the writes goes offline, the reads are served from the mirrored copy
    Given servers ms1 and ms2 mirror the shared LUN over dedicated links
    And h1 has written 8 blocks of pattern P at LBA 0 of the shared LUN through server ms1
    When h1 starts writing 8 blocks of pattern Q at LBA 8 of the shared LUN through server ms1
    And server ms1 goes offline
    Then the fabric logged out ms1's port and removed it from the name server
    When h2 reads 16 blocks at LBA 0 of the shared LUN through server ms2
    Then h2 reads back pattern P from the shared LUN for 8 blocks from LBA 0
    And ms2 asked the fabric's name server for ms1's port and learned that it is gone
    And ms2 served the read from its own device
    And the history of the shared LUN shows every read returning the last acknowledged write
    And ms2 no longer waits for ms1: h2 writes 4 blocks of pattern R at LBA 0 of the shared LUN through server ms2
    And the history of the shared LUN shows every read returning the last acknowledged write

  @claim-mirror-4 @claim-mirror-6
  Scenario: After a server's own device fails, it serves reads from the copy on the other server
    Given servers ms1 and ms2 mirror the shared LUN over dedicated links
    And h1 has written 8 blocks of pattern D at LBA 40 of the shared LUN through server ms1
    When the mass storage device of ms1 fails
    And h1 reads 8 blocks at LBA 40 of the shared LUN through server ms1
    Then h1 reads back pattern D from the shared LUN
    And ms1 served the read from the copy on ms2
    And ms1 asked ms2 for the copy over the dedicated link between them
    And the device of ms1 was not read
    And the history of the shared LUN shows every read returning the last acknowledged write

  @claim-mirror-9 @claim-mirror-14 @claim-mirror-15 @claim-mirror-16 @claim-mirror-19
  Scenario: Data written through the second server is read from the first server's device after the second's device fails
    Given servers ms1 and ms2 mirror the shared LUN over dedicated links
    And h2 has written 8 blocks of pattern E at LBA 300 of the shared LUN through server ms2
    And ms2's policing protocol module asked ms1 for write priority before the write
    When the mass storage device of ms2 fails
    And h2 reads 8 blocks at LBA 300 of the shared LUN through server ms2
    Then h2 reads back pattern E from the shared LUN
    And ms2 served the read from the copy on ms1
    And the device of ms2 was not read
    When h1 reads 8 blocks at LBA 300 of the shared LUN through server ms1
    Then h1 reads back pattern E from the shared LUN
    And ms1 served the read from its own device
    And the history of the shared LUN shows every read returning the last acknowledged write

  @claim-mirror-4 @claim-mirror-5
  Scenario: A server that comes back after being offline catches up on what it missed before it serves hosts again
    Given servers ms1 and ms2 mirror the shared LUN over dedicated links
    And h1 has written 8 blocks of pattern F at LBA 0 of the shared LUN through server ms1
    When server ms1 goes offline
    And h2 writes 8 blocks of pattern G at LBA 0 of the shared LUN through server ms2
    Then the write of h2 completes with status GOOD
    And ms2 asked the fabric's name server for ms1's port and learned that it is gone
    When h2 writes 4 blocks of pattern H at LBA 200 of the shared LUN through server ms2
    And server ms1 comes back and catches up on the regions written while it was away
    Then ms1 told ms2 it was back and learned the regions written meanwhile: 0 and 3
    And ms1 copied region 0 from ms2 before serving hosts again
    And ms1 copied region 3 from ms2 before serving hosts again
    And the copies on ms1 and ms2 are identical block by block for 8 blocks from LBA 0
    And the copies on ms1 and ms2 are identical block by block for 4 blocks from LBA 200
    When h1 reads 8 blocks at LBA 0 of the shared LUN through server ms1
    Then h1 reads back pattern G from the shared LUN
    And ms1 served the read from its own device
    And the history of the shared LUN shows every read returning the last acknowledged write
