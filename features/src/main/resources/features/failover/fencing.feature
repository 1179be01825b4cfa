@failover
Feature: Takeover fences the failed node off its disks with persistent reservations
  Appliance cluster c1: na1 owns LUN 1, na2 owns LUN 2. A node owns a disk by holding a persistent reservation
  on it: at cluster start it registers its key and reserves the disk WRITE EXCLUSIVE - REGISTRANTS ONLY. To take
  a failed partner's disk, the survivor registers its own key and sends PERSISTENT RESERVE OUT PREEMPT AND ABORT
  with the partner's key: the disk's SCSI target core drops the partner's registration, aborts its tasks, and
  from then on answers its writes with RESERVATION CONFLICT. Giveback hands the reservation back the same way.

  Background:
    Given the nodes na1 and na2 of the appliance cluster are up on fabric A

  @claim-failover-1 @claim-failover-3 @claim-failover-7 @claim-failover-12 @claim-failover-18
  Scenario: The survivor preempts the failed node's reservation, whose stale write then conflicts, and giveback returns it
    Then the disk for LUN 2 is reserved WRITE EXCLUSIVE - REGISTRANTS ONLY by na2, whose key is the only one registered
    When na1 is told to fail over na2
    Then na1 registered its key with the disk for LUN 2 and preempted na2's key with PERSISTENT RESERVE OUT PREEMPT AND ABORT
    And the disk for LUN 2 is reserved WRITE EXCLUSIVE - REGISTRANTS ONLY by na1, whose key is the only one registered
    When na2, still running, writes to its former disk for LUN 2
    Then the disk answers the write with RESERVATION CONFLICT and its data is unchanged
    When na2 comes back and na1 gives back its identity and disks
    Then the disk for LUN 2 is reserved WRITE EXCLUSIVE - REGISTRANTS ONLY by na2, whose key is the only one registered
    And na2 can write the disk for LUN 2 again
    And the disk for LUN 1 is reserved WRITE EXCLUSIVE - REGISTRANTS ONLY by na1, whose key is the only one registered
