@fabric
Feature: Zoning isolates ports
  With WWPN zoning, a port sees and reaches only the ports it shares a zone with: the name server leaves the
  others out of its answers, and the switch does not route frames between ports that share no zone.

  Background:
    Given fabric A has the zones
      | zone     | members            |
      | z_h1_a1  | h1, array1 port 0a |
      | z_h2     | h2                 |
    And host h1 is logged in to fabric A
    And host h2 is logged in to fabric A
    And array1 port 0a is logged in to fabric A
    And h1, h2 and array1 port 0a have registered FC-4 type FCP

  Scenario: The name server shows a port only the ports it shares a zone with
    Then h2 and array1 port 0a share no zone
    When h2 asks the name server for the ports with FC-4 type FCP
    Then the name server answers with the FC_IDs of h2 only
    When h1 asks the name server for the ports with FC-4 type FCP
    Then the name server answers with the FC_IDs of h1 and array1 port 0a

  Scenario: A port is not found by WWPN from outside its zones
    When h2 asks the name server for the FC_ID of array1 port 0a's WWPN
    Then the name server answers FS_RJT with reason "unable to perform command request" and explanation "port name not registered"

  Scenario: A PLOGI across zones never arrives
    When h2 sends PLOGI to array1 port 0a
    Then array1 port 0a receives nothing from h2
    And h2 gets no answer to its PLOGI within 2 seconds

  Scenario: A PLOGI within a zone arrives and is accepted
    When h1 sends PLOGI to array1 port 0a
    Then array1 port 0a receives the PLOGI from h1
    And array1 port 0a accepts the PLOGI from h1
