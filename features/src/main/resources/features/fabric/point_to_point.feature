@fabric
Feature: Point-to-point
  Two N_Ports cabled to each other log in without a switch: both send FLOGI, the one with the higher port
  name wins, assigns the addresses and sends PLOGI.

  Scenario: Two N_Ports on a direct link log in to each other
    When h3 and array1 port 0b bring up their direct link
    Then both sent FLOGI and both FLOGIs were accepted
    And h3 and array1 port 0b have distinct non-zero FC_IDs
    And the port with the higher WWPN sent PLOGI and it was accepted
    And h3 and array1 port 0b are logged in with each other
