@smoke
Feature: Step parameters in the domain's notation
  Steps name logical units, world wide names and Fibre Channel addresses the way storage engineers
  write them; the harness turns the text into values and rejects text that is not one.

  Scenario: A LUN is a number from 0 to 16383
    Given LUN 16383
    Then the LUN is 16383
    And the text "16384" is not a LUN because "out of range"
    And the text "-1" is not a LUN because "not a decimal number"

  Scenario: Every scenario gets its own seed, derived from the run seed
    Then this scenario's seed is derived from the run seed and its location
    And another location would get another seed
