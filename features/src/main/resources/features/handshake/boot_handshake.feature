@handshake
Feature: Boot-time handshake between cluster partners
  When its storage operating system initialises, a storage system's cluster connection manager opens a
  peer-to-peer session with its cluster partner over the cluster interconnect. It reads the partner's boot
  status variable with an RDMA read, then writes to it with an RDMA write, reads it a second time and writes
  a second time, each step only after the previous one succeeded. The Virtual Interface it uses has a
  predetermined FC_ID and VI number, so the partner is reachable before its own operating system is up.

  Background:
    Given a two-node cluster: node A at FC_ID 0a.00.01 and node B at FC_ID 0b.00.01 on a direct cluster interconnect

  @claim-handshake-1 @claim-handshake-11 @claim-handshake-13 @claim-handshake-15 @claim-handshake-16
  Scenario: The booting node reads, writes, reads and writes its partner's status, each step after the previous one succeeded
    Given node B is up and waiting for its partner
    When node A boots
    Then A read B's boot status over the interconnect, then wrote to it, read it again and wrote to it again
    And A sent each of these RDMA operations only after B had answered the previous one successfully
    And B sent no RDMA operation of its own
    And A and B have a ready peer-to-peer session

  @claim-handshake-2 @claim-handshake-14 @claim-handshake-15 @claim-handshake-17 @claim-handshake-18 @claim-handshake-19 @claim-handshake-22
  Scenario: The handshake reaches the partner's boot status variable at its preset address through a predetermined VI
    Given node B is up and waiting for its partner
    When node A boots
    Then A read B's boot status over the interconnect, then wrote to it, read it again and wrote to it again
    And A sent each of these RDMA operations only after B had answered the previous one successfully
    And A connected its VI 1 to VI 1 at FC_ID 0b.00.01 before its first RDMA read
    And every RDMA operation of A was addressed to FC_ID 0b.00.01, VI 1
    And every RDMA read of A asked for the 64 bytes at address 0x1000 of B's memory, under B's boot status handle
    And what A read first is B's boot status: node 50:0a:09:80:00:00:00:0b, boot generation 1, connection manager running
    And A's two RDMA writes went into the mailbox of B's boot status variable, a hello and then a confirm
    And A and B have a ready peer-to-peer session over a VI connection

  @claim-handshake-10 @claim-handshake-21
  Scenario: The session comes up while both storage operating systems are still initialising
    Given the storage operating systems of the cluster take 5 seconds to initialise fully
    And node B is up and waiting for its partner
    When node A boots
    Then A's connection manager began its first attempt when A's storage operating system began initialising
    And A and B have a ready peer-to-peer session
    And neither storage operating system is fully functioning yet

  @claim-handshake-8
  Scenario: The cluster partner is a storage system
    Given node B is up and waiting for its partner
    When node A boots
    Then A read B's boot status over the interconnect, then wrote to it, read it again and wrote to it again
    And A sent each of these RDMA operations only after B had answered the previous one successfully
    And A and B have a ready peer-to-peer session
    And A knows its cluster partner as a storage system, from B's boot status and from B's peer connection information

  @claim-handshake-9
  Scenario: The cluster partner is an application server
    Given node B is an application server
    And node B is up and waiting for its partner
    When node A boots
    Then A read B's boot status over the interconnect, then wrote to it, read it again and wrote to it again
    And A sent each of these RDMA operations only after B had answered the previous one successfully
    And A and B have a ready peer-to-peer session
    And A knows its cluster partner as an application server, from B's boot status and from B's peer connection information

  @claim-handshake-1 @claim-handshake-13
  Scenario: Both partners boot at the same moment and end with one session
    When nodes A and B boot at the same moment
    Then A and B have a ready peer-to-peer session
    And one of them initiated the session: its last four RDMA operations read, wrote, read and wrote the other's boot status, and the other acknowledged its hello
