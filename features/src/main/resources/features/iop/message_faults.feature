@iop
Feature: Lost, duplicated and unexpected messages between I/O processors
  Every fault is detected and reported by the I/O processor that sees it, and no request is ever applied
  twice.

  Background:
    Given network node 1, named 20:00:00:00:0a:00:00:01, with host bus adapter 1 at FC_ID 0c.00.01
    And network node 2, named 20:00:00:00:0a:00:00:02, with host bus adapter 2 at FC_ID 0d.00.01, on the same FC link
    And adapter 1 is coupled to mass storage holding volume 1 of 64 blocks of 512 bytes
    And volume 1 of node 1 is replicated to volume 9 of node 2

  @claim-iop-3 @claim-iop-18
  Scenario: A lost request is sent again with the same message id and applied once
    Given the link loses the next request adapter 1 sends
    When the replication process on node 1 asks adapter 1 to write 1 block of 0x31 at LBA 2 of volume 1, with message id 50
    Then the I/O processor of adapter 1 sent the request with message id 50 2 times, again only when no completion came
    And adapter 2 applied message 50 once: volume 9 took one write
    And the replication process on node 1 was told once that its request with message id 50 completed with status GOOD

  @claim-iop-7 @claim-iop-22
  Scenario: A lost completion makes adapter 1 ask again, and adapter 2 recognises the request instead of applying it twice
    Given the link loses the next completion adapter 2 sends
    When the replication process on node 1 asks adapter 1 to write 1 block of 0x32 at LBA 2 of volume 1, with message id 51
    Then adapter 2 reported message 51 as a duplicate request and answered it again
    And adapter 2 applied message 51 once: volume 9 took one write
    And the replication process on node 1 was told once that its request with message id 51 completed with status GOOD

  Scenario: A duplicated request is applied once and its second completion is ignored
    Given the link delivers the next request adapter 1 sends twice
    When the replication process on node 1 asks adapter 1 to write 1 block of 0x33 at LBA 2 of volume 1, with message id 52
    Then adapter 2 applied message 52 once: volume 9 took one write
    And adapter 2 reported message 52 as a duplicate request and answered it again
    And adapter 1 reported the second completion of message 52 as a duplicate and ignored it
    And the replication process on node 1 was told once that its request with message id 52 completed with status GOOD

  Scenario: A request with an unknown command is answered as such and nothing is applied
    When adapter 2 receives from adapter 1 a request with the unknown command 0x7777 and message id 60
    Then adapter 2 reported the unknown command 0x7777 of message 60 and answered it with status UNKNOWN_COMMAND
    And nothing was written to the volumes of node 2

  @claim-iop-3
  Scenario: A completion whose message id matches no request is reported and ignored
    When adapter 1 receives from adapter 2 a completion naming message id 99, which it never requested
    Then adapter 1 reported that the completion's message id 99 matches none of its requests, and ignored it
    And the replication process on node 1 was told nothing

  @claim-iop-3 @claim-iop-18
  Scenario: A completion with the right message id but another command is reported and ignored
    Given the link loses the next completion adapter 2 sends
    When the replication process on node 1 asks adapter 1 to write 1 block of 0x71 at LBA 0 of volume 1, with message id 70, and meanwhile a completion naming message id 70 but command EXPAND_REPLICA reaches adapter 1
    Then adapter 1 reported that the completion for message id 70 names EXPAND_REPLICA, not its request's command, and ignored it
    And the replication process on node 1 was told once that its request with message id 70 completed with status GOOD

  Scenario: An adapter that never answers: the process is told, and the region waits for resynchronisation
    Given the link between the adapters is cut
    When the replication process on node 1 asks adapter 1 to write 1 block of 0x81 at LBA 6 of volume 1, with message id 80
    Then the I/O processor of adapter 1 sent the request with message id 80 4 times, again only when no completion came
    And the replication process on node 1 was told once that its request with message id 80 completed with status REMOTE_TIMEOUT
    And volume 1 of node 1 holds 1 block of 0x81 at LBA 6
    And adapter 1 keeps region 1 of volume 1 marked as changed, for a later resynchronisation
