@fabric
Feature: Fabric login
  An N_Port joins a switched fabric with FLOGI sent to the login server (FFFFFE). The login server answers
  LS_ACC with the N_Port_ID it assigned in the switch's domain, the F_Port's name, the fabric name, and
  whether the fabric hands out more N_Port_IDs on the same port (NPIV).

  Scenario: A host logs in to the fabric and gets an address in the switch's domain
    When host h1 logs in to fabric A
    Then the fabric accepts h1's FLOGI
    And h1's FC_ID is in fabric A's domain
    And the FLOGI LS_ACC to h1 carries fabric A's fabric name
    And the FLOGI LS_ACC to h1 says the fabric supports NPIV
    And the FLOGI LS_ACC to h1 comes from an F_Port

  Scenario: Every port of the fabric gets its own address
    When host h1 logs in to fabric A
    And host h2 logs in to fabric A
    And array1 port 0a logs in to fabric A
    Then h1, h2 and array1 port 0a have distinct FC_IDs in fabric A's domain

  Scenario: A fabric without NPIV says so in its FLOGI LS_ACC
    When h1 port host2 logs in to fabric B
    Then the fabric accepts the FLOGI of h1 port host2
    And the FLOGI LS_ACC to h1 port host2 says the fabric does not support NPIV
