@mirror
Feature: Two servers cut apart keep one authoritative copy
  With two servers there is no majority to ask for. When the two cannot reach each other but both stay up,
  the server with the lower id wins the tie and goes on alone; the other asks the fabric's name server (the
  witness) whether its peer's port is still registered. It is, so the two are only cut apart: that server
  refuses reads and writes with NOT READY, a write it had executed locally but could not copy is not
  acknowledged to the host, and once the two reach each other again it takes every region it may hold
  differently from its peer's copy before it serves hosts again. No acknowledged write is lost, and the copies
  end identical block by block.

  @claim-mirror-1 @claim-mirror-2 @claim-mirror-7 @claim-mirror-25 @claim-mirror-26
  Scenario: Two servers cut apart keep one authoritative copy
    Given servers ms1 and ms2 mirror the shared LUN over dedicated links
    And h1 has written 8 blocks of pattern K at LBA 0 of the shared LUN through server ms1
    Then ms2's mirror engine executed the copy on its own device
    When h2 starts writing 8 blocks of pattern L at LBA 0 of the shared LUN through server ms2, and the dedicated link between ms1 and ms2 is cut while ms2 sends the copy
    Then the write of h2 is refused with NOT READY, as ms2 cannot reach ms1 and does not win the tie
    And ms2 asked the fabric's name server for ms1's port and learned that it is still registered
    And ms2's write was not acknowledged and stays to be overwritten from ms1's copy
    When h1 writes 8 blocks of pattern M at LBA 0 of the shared LUN through server ms1
    Then the write of h1 completes with status GOOD
    And ms1 goes on alone, as it has the lower server id
    When h2 writes 4 blocks of pattern N at LBA 100 of the shared LUN through server ms2
    Then the write of h2 is refused with NOT READY, as ms2 cannot reach ms1 and does not win the tie
    When h2 reads 8 blocks at LBA 0 of the shared LUN through server ms2
    Then the read of h2 is refused with NOT READY, as ms2 cannot reach ms1 and does not win the tie
    When h1 reads 8 blocks at LBA 0 of the shared LUN through server ms1
    Then h1 reads back pattern M from the shared LUN
    When the dedicated link between ms1 and ms2 is repaired
    Then ms2 catches up from ms1 and serves hosts again once they reach each other
    And ms2 copied region 0 from ms1 before serving hosts again
    And the copies on ms1 and ms2 are identical block by block for 8 blocks from LBA 0
    When h2 reads 8 blocks at LBA 0 of the shared LUN through server ms2
    Then h2 reads back pattern M from the shared LUN
    And the history of the shared LUN shows every read returning the last acknowledged write
