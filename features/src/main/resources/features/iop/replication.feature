@iop
Feature: Replication operations carried out by the remote adapter
  The remote operation a request asks for can designate a volume of the remote node as the replica of a local
  volume, expand the replica, replicate data into it, terminate the association between the two volumes, and
  re-establish it, resynchronising the regions that changed while it was down.

  Background:
    Given network node 1, named 20:00:00:00:0a:00:00:01, with host bus adapter 1 at FC_ID 0c.00.01
    And network node 2, named 20:00:00:00:0a:00:00:02, with host bus adapter 2 at FC_ID 0d.00.01, on the same FC link
    And adapter 1 is coupled to mass storage holding volume 1 of 64 blocks of 512 bytes
    And volume 1 of node 1 already holds 1 block of 0x11 at LBA 0
    And volume 1 of node 1 already holds 2 blocks of 0x22 at LBA 40

  @claim-iop-12 @claim-iop-27 @claim-iop-35
  Scenario: Designating a volume of the remote node as the replica of a local volume
    When the replication process on node 1 asks adapter 1 to designate volume 9 of node 2 as the replica of volume 1, with message id 1
    Then the I/O processor of adapter 1 sent a DESIGNATE_REPLICA request with message id 1 to adapter 2, in one frame, naming node 2 as target node and node 1 as initiating node
    And adapter 2 answered with a completion naming message id 1, command DESIGNATE_REPLICA and status GOOD, target node 1 and initiating node 2
    And node 2 has a volume 9 of 64 blocks of 512 bytes, the replica of volume 1 of node 1
    And adapter 1 then copied the 2 written regions of volume 1 to the replica, with message ids of its own
    And volume 1 of node 1 and volume 9 of node 2 hold the same data
    And the replication process on node 1 was told that its request with message id 1 completed with status GOOD, after adapter 2's completion crossed the link

  @claim-iop-12 @claim-iop-27 @claim-iop-35
  Scenario: Expanding the replica volume
    Given volume 1 of node 1 is replicated to volume 9 of node 2
    When the replication process on node 1 asks adapter 1 to expand volume 1 and its replica to 256 blocks, with message id 2
    Then adapter 1 expanded volume 1 to 256 blocks before any message left it
    And the I/O processor of adapter 1 sent an EXPAND_REPLICA request with message id 2 to adapter 2, in one frame, naming node 2 as target node and node 1 as initiating node
    And adapter 2 answered with a completion naming message id 2, command EXPAND_REPLICA and status GOOD, target node 1 and initiating node 2
    And volume 9 of node 2 has 256 blocks
    And the replication process on node 1 was told that its request with message id 2 completed with status GOOD, after adapter 2's completion crossed the link

  @claim-iop-12 @claim-iop-27 @claim-iop-35
  Scenario: Replicating data into the replica volume
    Given volume 1 of node 1 is replicated to volume 9 of node 2
    When the replication process on node 1 asks adapter 1 to write 4 blocks of 0x44 at LBA 20 of volume 1, with message id 3
    Then the I/O processor of adapter 1 sent a REPLICATE_DATA request with message id 3 to adapter 2, in one frame, naming node 2 as target node and node 1 as initiating node
    And volume 9 of node 2 holds 4 blocks of 0x44 at LBA 20
    And volume 1 of node 1 and volume 9 of node 2 hold the same data

  @claim-iop-13 @claim-iop-28 @claim-iop-36
  Scenario: Terminating the replication association
    Given volume 1 of node 1 is replicated to volume 9 of node 2
    When the replication process on node 1 asks adapter 1 to terminate the replication of volume 1, with message id 4
    Then the I/O processor of adapter 1 sent a TERMINATE_ASSOCIATION request with message id 4 to adapter 2, in one frame, naming node 2 as target node and node 1 as initiating node
    And adapter 2 answered with a completion naming message id 4, command TERMINATE_ASSOCIATION and status GOOD, target node 1 and initiating node 2
    And the replication of volume 1 of node 1 to volume 9 of node 2 is terminated on both nodes
    When the replication process on node 1 asks adapter 1 to write 1 block of 0x55 at LBA 5 of volume 1, with message id 5
    Then no message crossed the link for message id 5
    And volume 1 of node 1 holds 1 block of 0x55 at LBA 5
    And volume 9 of node 2 holds 1 block of 0x00 at LBA 5
    And adapter 1 keeps region 1 of volume 1 marked as changed, for a later resynchronisation

  @claim-iop-13 @claim-iop-28 @claim-iop-36
  Scenario: Re-establishing the association resynchronises what changed while it was down
    Given volume 1 of node 1 is replicated to volume 9 of node 2
    When the replication process on node 1 asks adapter 1 to terminate the replication of volume 1, with message id 4
    And the replication process on node 1 asks adapter 1 to write 1 block of 0x55 at LBA 5 of volume 1, with message id 5
    And the replication process on node 1 asks adapter 1 to write 2 blocks of 0x66 at LBA 33 of volume 1, with message id 6
    And the replication process on node 1 asks adapter 1 to re-establish the replication of volume 1, with message id 7
    Then the I/O processor of adapter 1 sent a REESTABLISH_ASSOCIATION request with message id 7 to adapter 2, in one frame, naming node 2 as target node and node 1 as initiating node
    And adapter 2 answered with a completion naming message id 7, command REESTABLISH_ASSOCIATION and status GOOD, target node 1 and initiating node 2
    And adapter 1 then sent exactly the changed regions of volume 1 to adapter 2: blocks 4 to 7 and blocks 32 to 35
    And volume 1 of node 1 holds 1 block of 0x55 at LBA 5
    And volume 1 of node 1 holds 2 blocks of 0x66 at LBA 33
    And volume 1 of node 1 and volume 9 of node 2 hold the same data
    And the replication of volume 1 of node 1 to volume 9 of node 2 is active on both nodes
    And the replication process on node 1 was told that its request with message id 7 completed with status GOOD, after adapter 2's completion crossed the link
