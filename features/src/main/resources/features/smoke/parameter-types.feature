@smoke
Feature: Step parameters in the domain's notation
  Steps name logical units, world wide names and Fibre Channel addresses the way storage engineers
  write them; the harness turns the text into values and rejects text that is not one.

  Scenario: A LUN is a number from 0 to 16383
    Given LUN 16383
    Then the LUN is 16383
    And the text "16384" is not a LUN because "out of range"
    And the text "-1" is not a LUN because "not a decimal number"

  Scenario: World wide names and FC_IDs are read in every notation engineers use
    Given the WWN 20:00:00:25:b5:00:00:01
    Then the WWN equals 0x20000025B5000001 and 20-00-00-25-b5-00-00-01
    And the WWN has NAA 2 and is written "20:00:00:25:b5:00:00:01"
    Given the FC_ID 01.02.03
    Then the FC_ID equals 0x010203 and 010203
    And the FC_ID has domain 1, area 2 and port 3

  Scenario: Every scenario gets its own seed, derived from the run seed
    Then this scenario's seed is derived from the run seed and its location
    And another location would get another seed
