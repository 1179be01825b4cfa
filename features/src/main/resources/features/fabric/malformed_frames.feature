@fabric
Feature: Malformed requests are rejected and change nothing
  A request the fabric cannot accept is answered with a precise reject (LS_RJT for extended link services,
  FS_RJT for the name server), and the fabric's state is the same afterwards. A frame whose CRC is bad is
  discarded by the port that receives it and counted in its link error status block, which RLS reports.

  Background:
    Given host h1 is logged in to fabric A
    And host h2 is logged in to fabric A

  Scenario: A FLOGI with a payload of the wrong length is rejected as an invalid payload length
    When h2 sends the fabric a FLOGI whose payload is 120 bytes long
    Then the fabric answers LS_RJT with reason "logical error" and explanation "invalid payload length"
    And the fabric's state is as it was before the request
    And h2 is still logged in to fabric A under its FC_ID

  Scenario: An unknown ELS command is rejected
    When h2 sends the fabric an ELS with command code 0xee
    Then the fabric answers LS_RJT with reason "invalid ELS command code" and explanation "none"
    And the fabric's state is as it was before the request

  Scenario: A name-server request with an unknown command code is rejected
    When h2 sends the name server a request with command code 0x0999
    Then the name server answers FS_RJT with reason "invalid command code" and explanation "none"
    And the fabric's state is as it was before the request
    And the name server still lists h1 and h2

  Scenario: A frame with a bad CRC is discarded and counted
    Given h1 is logged in to h2
    And the link of h2 corrupts the next name-server answer to h2
    When h2 asks the name server for the WWPN of h1's FC_ID without waiting for the answer
    Then the name server's answer reached h2 corrupted and h2 discarded it
    And h1 reads 1 invalid CRC from h2 with RLS
    And the name server still lists h1 and h2
