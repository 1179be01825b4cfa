@fabric
Feature: Name server queries and registrations
  Ports register their attributes with the directory server (FFFFFC) in FC-CT requests and look each other
  up there. The name server answers FS_ACC with what it holds, or FS_RJT with a reason and an explanation.

  Background:
    Given host h1 is logged in to fabric A
    And host h2 is logged in to fabric A
    And array1 port 0a is logged in to fabric A

  Scenario: Registered attributes are what the name server returns
    When h1 registers FC-4 type FCP with RFT_ID
    And h1 registers FC-4 features "initiator and target" for FCP with RFF_ID
    And h1 registers its node name with RNN_ID
    And h1 registers the symbolic port name "h1 host1 fcspec" with RSPN_ID
    Then the name server accepts each registration
    When h2 walks the name server with GA_NXT
    Then the walk finds h1 with its WWPN and WWNN, FC-4 type FCP and the symbolic port name "h1 host1 fcspec"
    And h2 finds FC-4 features "initiator and target" for FCP at h1 with GFF_ID

  Scenario: GID_FT lists the ports registered for an FC-4 type
    Given h1, h2 and array1 port 0a have registered FC-4 type FCP
    When h2 asks the name server for the ports with FC-4 type FCP
    Then the name server answers with the FC_IDs of h1, h2 and array1 port 0a
    And the last entry of the answer is marked as last

  Scenario: A port is found by WWPN, and its names by FC_ID
    When h2 asks the name server for the FC_ID of array1 port 0a's WWPN
    Then the name server answers with the FC_ID of array1 port 0a
    When h2 asks the name server for the WWPN of array1 port 0a's FC_ID
    Then the name server answers with the WWPN of array1 port 0a
    When h2 asks the name server for the WWNN of array1 port 0a's FC_ID
    Then the name server answers with the WWNN of array1 port 0a

  Scenario: Asking for what is not registered is rejected with the reason
    When h2 asks the name server for the WWPN of an FC_ID no port has
    Then the name server answers FS_RJT with reason "unable to perform command request" and explanation "Port_ID not registered"
    When h2 asks the name server for the FC_ID of WWPN 10:00:00:00:c9:ff:ff:ff
    Then the name server answers FS_RJT with reason "unable to perform command request" and explanation "port name not registered"
    When h2 asks the name server for the ports with FC-4 type IP
    Then the name server answers FS_RJT with reason "unable to perform command request" and explanation "FC-4 TYPEs not registered"
