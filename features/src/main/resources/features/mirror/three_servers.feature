@mirror
Feature: A virtual SAN of three servers
  With three servers, each server's mirror engine mirrors the writes it receives to both other servers, and
  its policing protocol module asks both for write priority; every pair of servers has a dedicated link.

  @claim-mirror-20 @claim-mirror-23 @claim-mirror-24
  Scenario: Each of three servers mirrors its writes to both others over its dedicated links
    Given servers ms1, ms2 and ms3 mirror the shared LUN over dedicated links
    When h1 writes 8 blocks of pattern T at LBA 500 of the shared LUN through server ms3
    Then the write of h1 completes with status GOOD
    And ms3's mirror engine sent a copy of the write request to ms1 over the dedicated link between them
    And ms3's mirror engine sent a copy of the write request to ms2 over the dedicated link between them
    And ms3's policing protocol module asked ms1 and ms2 for write priority before ms3 executed the write
    And the copies on ms1, ms2 and ms3 are identical block by block for 8 blocks from LBA 500
    When h2 writes 8 blocks of pattern U at LBA 508 of the shared LUN through server ms1
    Then ms1's mirror engine sent a copy of the write request to ms2 over the dedicated link between them
    And ms1's mirror engine sent a copy of the write request to ms3 over the dedicated link between them
    And the copies on ms1, ms2 and ms3 are identical block by block for 16 blocks from LBA 500

  @claim-mirror-23 @claim-mirror-24 @claim-mirror-26
  Scenario: Three servers with concurrent writers keep identical copies, and a server going offline loses nothing
    Given servers ms1, ms2 and ms3 mirror the shared LUN over the shared network
    When h1 through server ms1 and h2 through server ms3 write to the same 4 blocks at LBA 64 at the same time, 5 times
    Then every write completed with status GOOD
    And the copies on ms1, ms2 and ms3 are identical block by block for 4 blocks from LBA 64
    When server ms3 goes offline
    And h2 reads 4 blocks at LBA 64 of the shared LUN through server ms2
    Then ms2 served the read from its own device
    And the history of the shared LUN shows every read returning the last acknowledged write

  @claim-mirror-23 @claim-mirror-24 @claim-mirror-26
  Scenario: A server cut off from the other two refuses reads and writes while they go on, then catches up
    Three servers make a majority possible: a server that reaches fewer than half of the others must not
    serve the shared LUN, since the others may have overwritten its copy meanwhile. (With two servers there is
    no majority: a tie-breaker with the fabric's name server as witness decides, see split_brain.feature.)
    Given servers ms1, ms2 and ms3 mirror the shared LUN over dedicated links
    And h1 has written 4 blocks of pattern I at LBA 0 of the shared LUN through server ms1
    When the dedicated links of ms3 are cut
    And h1 writes 4 blocks of pattern J at LBA 0 of the shared LUN through server ms1
    Then the write of h1 completes with status GOOD
    When h2 reads 4 blocks at LBA 0 of the shared LUN through server ms3
    Then the read of h2 is refused with NOT READY, as ms3 is cut off from the majority of the servers
    When h2 writes 4 blocks of pattern Z at LBA 0 of the shared LUN through server ms3
    Then the write of h2 is refused with NOT READY, as ms3 is cut off from the majority of the servers
    And the copies on ms1 and ms2 are identical block by block for 4 blocks from LBA 0
    And the history of the shared LUN shows every read returning the last acknowledged write
    When the dedicated links of ms3 are restored
    And server ms3 comes back and catches up on the regions written while it was away
    Then ms3 copied region 0 from ms1 before serving hosts again
    And the copies on ms1, ms2 and ms3 are identical block by block for 4 blocks from LBA 0
    When h2 reads 4 blocks at LBA 0 of the shared LUN through server ms3
    Then h2 reads back pattern J from the shared LUN
    And the history of the shared LUN shows every read returning the last acknowledged write
