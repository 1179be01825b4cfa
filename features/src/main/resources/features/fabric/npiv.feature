@fabric
Feature: N_Port ID virtualization
  One physical N_Port logs in with FLOGI; each virtual port on it then logs in with FDISC, with its own
  WWNN and WWPN, and gets its own N_Port_ID. The host reports each virtual port's state as Linux does in
  /sys/class/fc_vports/*/vport_state.

  Scenario: 64 virtual ports on one physical port, each with its own identity
    Given host h1 is logged in to fabric A
    When h1 creates 64 virtual ports
    Then h1 reports all 64 virtual ports as "Active"
    And each virtual port of h1 logged in with FDISC under its own WWPN and WWNN
    And each virtual port of h1 has its own FC_ID in fabric A's domain
    And the name server lists every virtual port of h1 with its WWPN, WWNN and FC_ID

  Scenario: A virtual port is refused when its WWPN is already logged in
    Given host h1 is logged in to fabric A
    And host h2 is logged in to fabric A
    When h1 creates a virtual port with the WWPN of h2
    Then h1 reports that virtual port as "Fabric Rejected WWN"
    And the fabric answers that FDISC with LS_RJT reason "logical error" and explanation "invalid port/node name"
    And h2 is still logged in to fabric A under its FC_ID

  Scenario: A fabric without NPIV support gets no FDISC
    Given h1 port host2 is logged in to fabric B
    When h1 port host2 creates 1 virtual port
    Then h1 reports that virtual port as "No Fabric Support"
    And no FDISC crossed the link of h1 port host2

  Scenario: A fabric out of N_Port_IDs refuses the next virtual port
    Given fabric A grants at most 4 virtual ports per F_Port
    And host h1 is logged in to fabric A
    When h1 creates 5 virtual ports
    Then h1 reports 4 virtual ports as "Active"
    And h1 reports 1 virtual port as "No Fabric Resources"
    And the fabric answers the last FDISC with LS_RJT reason "unable to perform command request" and explanation "insufficient resources to support login"

  Scenario: Deleting a virtual port logs it out of the fabric
    Given host h1 is logged in to fabric A
    And h1 has 2 virtual ports
    When h1 deletes virtual port 1
    Then virtual port 1 of h1 sent LOGO to the fabric
    And the name server no longer lists virtual port 1 of h1
    And h1 reports virtual port 2 as "Active"

  Scenario: Virtual ports go down with their physical port
    Given host h1 is logged in to fabric A
    And host h2 is logged in to fabric A
    And h1 has 2 virtual ports
    When h1 logs out of fabric A
    Then h1 reports all 2 virtual ports as "Linkdown"
    And the name server no longer lists virtual port 1 of h1
    And the name server no longer lists virtual port 2 of h1

  Scenario: A virtual port whose FDISC is never answered fails
    Given host h1 is logged in to fabric A
    And the link of h1 loses every FDISC
    When h1 creates 1 virtual port
    Then h1 reports that virtual port as "VPort Failed"
    And h1 sent FDISC for that virtual port 4 times without an answer
