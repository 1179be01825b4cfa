@handshake
Feature: Session protocol versions
  Each connection manager sends the range of session protocol versions it speaks in its peer connection
  information. The session uses the highest version both speak; when the ranges have nothing in common both
  sides refuse the session, leave nothing open, and do not try again.

  Background:
    Given a two-node cluster: node A at FC_ID 0a.00.01 and node B at FC_ID 0b.00.01 on a direct cluster interconnect

  @claim-handshake-3 @claim-handshake-4
  Scenario: Partners with different version ranges settle on the highest version both speak
    Given node A speaks session protocol versions 1 to 3
    And node B speaks session protocol versions 1 to 2
    And node B is up and waiting for its partner
    When node A boots
    Then A read B's boot status over the interconnect, then wrote to it, read it again and wrote to it again
    And A sent each of these RDMA operations only after B had answered the previous one successfully
    And the peer connection information A sent names versions 1 to 3 and the one B sent names versions 1 to 2
    And A and B have a ready peer-to-peer session using version 2

  @claim-handshake-3 @claim-handshake-4
  Scenario: Partners without a common version refuse the session and leave nothing open
    Given node A speaks session protocol versions 3 to 4
    And node B speaks session protocol versions 1 to 2
    And node A runs a cluster connection client "nvram-mirror" that needs 1 port and no memory on the partner
    And node B runs a cluster connection client "nvram-mirror" that needs 1 port and no memory on the partner
    And node B is up and waiting for its partner
    When node A boots
    Then A read B's boot status over the interconnect, then wrote to it, read it again and wrote to it again
    And A sent each of these RDMA operations only after B had answered the previous one successfully
    And the peer connection information A sent names versions 3 to 4 and the one B sent names versions 1 to 2
    And A and B both refused the session because they have no version in common
    And no session is left half-open on A or B
    And no client was alerted that the partner is ready
    And A sent no connection request after the refusal
