@fabric
Feature: Aborting an exchange
  The originator of an exchange aborts it with ABTS. The responder answers BA_ACC for an exchange it knows,
  and BA_RJT for one it does not; an aborted exchange never completes.

  Background:
    Given host h1 is logged in to fabric A
    And array1 port 0a is logged in to fabric A
    And h1 is logged in to array1 port 0a

  Scenario: Aborting an open exchange is accepted, and the exchange never completes
    Given array1 port 0a answers FCP commands only after 3 seconds
    And h1 has sent an FCP command to array1 port 0a
    When h1 aborts that exchange
    Then array1 port 0a answers the ABTS with BA_ACC naming the exchange's OX_ID and RX_ID
    And the exchange ends as aborted on h1
    And no answer to that FCP command crosses the link of h1, even after 3 seconds

  Scenario: Aborting an exchange the responder does not know is rejected
    When h1 sends ABTS to array1 port 0a for an exchange array1 port 0a has never seen
    Then array1 port 0a answers the ABTS with BA_RJT reason "logical error" and explanation "invalid OX_ID-RX_ID combination"
