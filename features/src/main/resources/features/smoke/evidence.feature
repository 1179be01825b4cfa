@smoke
Feature: Every scenario leaves a capture of its frames
  The frames a scenario causes are written to a pcap file named after the scenario, attached to its
  report and linked from the run's page.

  Scenario: An ECHO exchange is captured
    Given an ECHO from 01.02.00 to 01.03.00 on an exchange chosen by the scenario seed
    When the ECHO and its LS_ACC are encoded and decoded again
    Then both frames come back unchanged
    And the scenario's capture holds both frames
