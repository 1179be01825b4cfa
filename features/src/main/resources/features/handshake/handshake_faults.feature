@handshake
Feature: A partner that is not up, a failing step, a restart in the middle of the handshake
  Every failure ends the attempt completely (no half-open session on either side) and, within a bound, a
  later attempt starts afresh from the first RDMA read.

  Background:
    Given a two-node cluster: node A at FC_ID 0a.00.01 and node B at FC_ID 0b.00.01 on a direct cluster interconnect

  @claim-handshake-1 @claim-handshake-15
  Scenario: A partner that is not up yet is tried again until it comes up
    Given node A tries to reach its partner every 20 ms, at most 25 times
    When node A boots while node B is powered off
    And 150 milliseconds pass on the emulator's clock
    Then A asked for a connection to VI 1 at FC_ID 0b.00.01 again and again, at least 20 ms apart
    And A never wrote to B
    When node B boots
    Then A and B have a ready peer-to-peer session
    And A's last four RDMA operations read, wrote, read and wrote B's boot status, each after the previous one succeeded
    And no session is left half-open on A or B

  @claim-handshake-1
  Scenario: A partner that never comes up is given up after a bounded number of attempts
    Given node A tries to reach its partner every 5 ms, at most 4 times
    When node A boots while node B is powered off
    And 1 second passes on the emulator's clock
    Then A gave up after 4 attempts, each a connection request to VI 1 at FC_ID 0b.00.01
    And no session is left half-open on A

  @claim-handshake-1 @claim-handshake-13
  Scenario: A first RDMA write that fails ends the attempt before any second read
    Given node B is up and waiting for its partner
    And the interconnect loses A's first RDMA write
    When node A boots
    Then A's first attempt ended after its RDMA write failed, without a second RDMA read
    And A disconnected its boot VI before it tried again
    And A and B have a ready peer-to-peer session
    And one of them initiated the session: its last four RDMA operations read, wrote, read and wrote the other's boot status, and the other acknowledged its hello
    And no session is left half-open on A or B

  @claim-handshake-13 @claim-handshake-15
  Scenario: A boot status variable that cannot be read gets no RDMA write
    Given node A tries to reach its partner every 5 ms, at most 3 times
    And node B is up and waiting for its partner
    And B's boot status variable is no longer registered for RDMA
    When node A boots
    Then every RDMA read of A at B was refused with an RDMA protection error, reported by B too
    And A never wrote to B
    And A gave up with no session left half-open

  @claim-handshake-1 @claim-handshake-2
  Scenario: The partner restarting in the middle of the handshake is noticed and the session is made with its new boot
    Given node B is up and waiting for its partner
    And node B restarts right after it answered A's first RDMA write
    When node A boots
    Then A's attempt with B's first boot failed
    And A and B have a ready peer-to-peer session with B's boot generation 2
    And one of them initiated the session: its last four RDMA operations read, wrote, read and wrote the other's boot status, and the other acknowledged its hello
    And no session is left half-open on A or B

  @claim-handshake-1
  Scenario: The initiator restarting while its partner awaits the confirm leaves no half-open session
    Given node A runs a cluster connection client "nvram-mirror" that needs 1 port and no memory on the partner
    And node B runs a cluster connection client "nvram-mirror" that needs 1 port and no memory on the partner
    And node B is up and waiting for its partner
    And node A restarts right after it sent its first RDMA write
    When node A boots
    Then A and B have a ready peer-to-peer session with A's boot generation 2
    And one of them initiated the session: its last four RDMA operations read, wrote, read and wrote the other's boot status, and the other acknowledged its hello
    And the "nvram-mirror" process on B was alerted once that the partner is ready
    And no session is left half-open on A or B

  @claim-handshake-1 @claim-handshake-11 @claim-handshake-16
  Scenario: A partner that never acknowledges the hello fails every second read and gets no second RDMA write
    Given node B is up and waiting for its partner
    And node B's connection manager leaves every hello unacknowledged
    When node A boots
    Then after each hello A read B's boot status again and again, found the hello unacknowledged every time, and never wrote a confirm
    And A and B have a ready peer-to-peer session
    And one of them initiated the session: its last four RDMA operations read, wrote, read and wrote the other's boot status, and the other acknowledged its hello
    And no session is left half-open on A or B
