@handshake
Feature: Peer connection information, client information, ports and ready alerts
  Once the four RDMA steps succeeded, the connection managers exchange their peer connection information
  (with the session protocol versions they speak), pass each other the client information they collected
  from their clients (communication ports needed, memory requested), create the communication ports, alert
  the partner that they are ready and alert their clients that the partner is ready.

  Background:
    Given a two-node cluster: node A at FC_ID 0a.00.01 and node B at FC_ID 0b.00.01 on a direct cluster interconnect

  @claim-handshake-3 @claim-handshake-4 @claim-handshake-5 @claim-handshake-6 @claim-handshake-7 @claim-handshake-12
  Scenario: After the handshake the partners exchange what they are and what their clients need, then alert each other and their clients
    Given node A runs a cluster connection client "nvram-mirror" that needs 2 ports and 8192 bytes of memory on the partner
    And node A runs a cluster connection client "failover-monitor" that needs 1 port and no memory on the partner
    And node B runs a cluster connection client "nvram-mirror" that needs 1 port and 4096 bytes of memory on the partner
    And node B runs a cluster connection client "failover-monitor" that needs 1 port and no memory on the partner
    And node B is up and waiting for its partner
    When node A boots
    Then A read B's boot status over the interconnect, then wrote to it, read it again and wrote to it again
    And A sent each of these RDMA operations only after B had answered the previous one successfully
    And after A's second RDMA write, A and B sent each other their peer connection information, each with version numbers 1 to 3
    And A passed B the client information it collected from its clients:
      | client           | ports | memory |
      | nvram-mirror     | 2     | 8192   |
      | failover-monitor | 1     | 0      |
    And B passed A the client information it collected from its clients:
      | client           | ports | memory |
      | nvram-mirror     | 1     | 4096   |
      | failover-monitor | 1     | 0      |
    And each node created 2 connected communication ports for "nvram-mirror" and 1 for "failover-monitor"
    And B set aside 8192 bytes of memory for A's "nvram-mirror" and A set aside 4096 bytes for B's
    And A alerted B that it is ready and B alerted A that it is ready
    And on both nodes every client was alerted that the partner is ready, after the partner's ready alert arrived

  @claim-handshake-20 @claim-handshake-22 @claim-handshake-23
  Scenario: Peer processes get a reliable peer-to-peer connection from their connection managers
    Given node A runs a cluster connection client "nvram-mirror" that needs 1 port and 4096 bytes of memory on the partner
    And node B runs a cluster connection client "nvram-mirror" that needs 1 port and 4096 bytes of memory on the partner
    And node B is up and waiting for its partner
    When node A boots
    And the "nvram-mirror" process on A sends "log record 1" to its peer on B
    And the "nvram-mirror" process on A writes "mirrored page" into the memory B set aside for it
    Then the "nvram-mirror" process on B received "log record 1"
    And the memory B set aside for A's "nvram-mirror" holds "mirrored page"
    And the connection managers connected to the predetermined port, VI 1, at the predetermined address of the partner
    And the ports of "nvram-mirror" are reliable-delivery VI connections between A and B
