@mirror
Feature: The policing protocol decides which server has write priority for a region
  Before a server writes, its policing protocol module asks the policing protocol modules of the other
  servers whether any of them holds write priority for the regions written (64 blocks each). A server
  answers at once when it holds no priority there and requests none that ranks higher; otherwise it answers
  only once its own write and copies are done. Priority is a request's timestamp (a Lamport clock), ties
  broken by the lower server number. So concurrent writes to one region are executed in priority order on
  every server and the copies never diverge, while writes to other regions go ahead at once.

  @claim-mirror-7 @claim-mirror-16 @claim-mirror-17 @claim-mirror-25 @claim-mirror-27
  Scenario: Before writing, a server establishes with the other that it holds no write priority for the region
    Given servers ms1 and ms2 mirror the shared LUN over dedicated links
    When h1 writes 8 blocks of pattern W at LBA 128 of the shared LUN through server ms1
    Then the write of h1 completes with status GOOD
    And ms1's policing protocol module asked ms2 for write priority over region 2 before ms1 executed the write
    And ms2's policing protocol module answered that it holds no priority there before ms1 executed the write
    And the policing messages crossed the dedicated link between ms1 and ms2
    And ms1's mirror engine sent a copy of the write request to ms2 over the dedicated link between them
    And ms2's mirror engine executed the copy on its own device

  @claim-mirror-7 @claim-mirror-16 @claim-mirror-17 @claim-mirror-18 @claim-mirror-25 @claim-mirror-27
  Scenario: The policing protocol runs over the shared network too
    Given servers ms1 and ms2 mirror the shared LUN over the shared network
    When h2 writes 8 blocks of pattern V at LBA 0 of the shared LUN through server ms2
    Then the write of h2 completes with status GOOD
    And ms2's policing protocol module asked ms1 for write priority over region 0 before ms2 executed the write
    And ms1's policing protocol module answered that it holds no priority there before ms2 executed the write
    And the policing messages crossed the switch of fabric A
    And ms2's mirror engine sent a copy of the write request to ms1 through the switch of fabric A
    And ms1's mirror engine executed the copy on its own device

  @claim-mirror-7 @claim-mirror-16 @claim-mirror-25 @claim-mirror-26 @claim-mirror-27
  Scenario: Concurrent writes to one region are executed in priority order, and the copies stay identical
    Given servers ms1 and ms2 mirror the shared LUN over dedicated links
    When h1 through server ms1 and h2 through server ms2 write to the same 4 blocks at LBA 64 at the same time, 10 times
    Then every write completed with status GOOD
    And on both servers the concurrent writes were executed one at a time, in priority order
    And each time the server whose write ranked lower waited for the other's answer until that write was done
    And the copies on ms1 and ms2 are identical block by block for 4 blocks from LBA 64
    And the history of the shared LUN shows every read returning the last acknowledged write

  @claim-mirror-25 @claim-mirror-26
  Scenario: Writes to different regions are not held back by each other
    Given servers ms1 and ms2 mirror the shared LUN over dedicated links
    When h1 writes 4 blocks of pattern X at LBA 0 of the shared LUN through server ms1 while h2 writes 4 blocks of pattern Y at LBA 640 through server ms2
    Then every write completed with status GOOD
    And neither server held back the other's request for write priority
    And the copies on ms1 and ms2 are identical block by block for 4 blocks from LBA 0
    And the copies on ms1 and ms2 are identical block by block for 4 blocks from LBA 640
