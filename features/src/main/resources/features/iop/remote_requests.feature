@iop
Feature: A request to one adapter is carried out there and by the adapter of a remote node
  A process asks the I/O processor of its host bus adapter for a data storage-related operation. The I/O
  processor performs it on the mass storage devices its adapter is coupled to, and sends a second request to
  the I/O processor of the adapter of a remote node, which performs its own operation on its mass storage and
  answers with a completion. Requests and completions travel in FC frames and carry a target node address, an
  initiating node address, a command and a message id; a completion carries the message id of its request.
  Only then is the process told. Either node's adapter can originate requests.

  Background:
    Given network node 1, named 20:00:00:00:0a:00:00:01, with host bus adapter 1 at FC_ID 0c.00.01
    And network node 2, named 20:00:00:00:0a:00:00:02, with host bus adapter 2 at FC_ID 0d.00.01, on the same FC link
    And adapter 1 is coupled to mass storage holding volume 1 of 64 blocks of 512 bytes
    And volume 1 of node 1 is replicated to volume 9 of node 2

  @claim-iop-1 @claim-iop-2 @claim-iop-3 @claim-iop-4 @claim-iop-8 @claim-iop-10 @claim-iop-11 @claim-iop-16 @claim-iop-17 @claim-iop-18 @claim-iop-19 @claim-iop-23 @claim-iop-25 @claim-iop-26 @claim-iop-31 @claim-iop-32 @claim-iop-33 @claim-iop-34 @claim-iop-39 @claim-iop-40 @claim-iop-41
  Scenario: The first adapter writes locally, asks the second adapter with the same message id, and tells the process once the second adapter completed
    When the replication process on node 1 asks adapter 1 to write 2 blocks of 0x5a at LBA 4 of volume 1, with message id 7
    Then adapter 1 wrote the 2 blocks of 0x5a to volume 1 before any message left it
    And the I/O processor of adapter 1 sent a REPLICATE_DATA request with message id 7 to adapter 2, in one frame, naming node 2 as target node and node 1 as initiating node
    And volume 9 of node 2 holds 2 blocks of 0x5a at LBA 4
    And adapter 2 answered with a completion naming message id 7, command REPLICATE_DATA and status GOOD, target node 1 and initiating node 2
    And the replication process on node 1 was told that its request with message id 7 completed with status GOOD, after adapter 2's completion crossed the link
    And the request and its completion each carry a target node address, an initiating node address, a command and a message id, and their message ids are equal
    And each adapter has its own I/O processor and its own mass storage, and the FC link couples the two nodes

  @claim-iop-5 @claim-iop-6 @claim-iop-7 @claim-iop-9 @claim-iop-14 @claim-iop-15 @claim-iop-20 @claim-iop-21 @claim-iop-22 @claim-iop-24 @claim-iop-29 @claim-iop-30 @claim-iop-37 @claim-iop-38 @claim-iop-42 @claim-iop-43
  Scenario: The second adapter acts on the request the first adapter issued for its process, and its completion makes the first adapter tell that process
    When the replication process on node 1 asks adapter 1 to write 1 block of 0x33 at LBA 10 of volume 1, with message id 21
    Then adapter 2 received the request with message id 21 only after adapter 1 had written volume 1 for its process
    And adapter 2 wrote 1 block of 0x33 to volume 9 at LBA 10, once
    And after that write adapter 2 sent one completion, in one frame, naming message id 21, target node 1 and initiating node 2
    And that completion made adapter 1 tell the replication process on node 1 that message 21 completed with status GOOD
    And the request and its completion each carry a target node address, an initiating node address, a command and a message id, and their message ids are equal
    And each adapter has its own I/O processor and its own mass storage, and the FC link couples the two nodes

  @claim-iop-1 @claim-iop-10 @claim-iop-14 @claim-iop-29 @claim-iop-37 @claim-iop-42
  Scenario: The roles are symmetric: the second node's adapter originates a request too
    Given adapter 2 is coupled to mass storage holding volume 3 of 16 blocks of 512 bytes
    And volume 3 of node 2 is replicated to volume 4 of node 1
    When the replication process on node 2 asks adapter 2 to write 1 block of 0x77 at LBA 1 of volume 3, with message id 5
    Then adapter 2 wrote the 1 blocks of 0x77 to volume 3 before any message left it
    And the I/O processor of adapter 2 sent a REPLICATE_DATA request with message id 5 to adapter 1, in one frame, naming node 1 as target node and node 2 as initiating node
    And volume 4 of node 1 holds 1 block of 0x77 at LBA 1
    And adapter 1 answered with a completion naming message id 5, command REPLICATE_DATA and status GOOD, target node 2 and initiating node 1
    And the replication process on node 2 was told that its request with message id 5 completed with status GOOD, after adapter 1's completion crossed the link
