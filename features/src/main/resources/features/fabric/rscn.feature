@fabric
Feature: Registered state change notification
  A port that registered with the fabric controller (SCR to FFFFFD) is told about changes in the fabric
  with an RSCN naming the affected port: a login, a logout, a virtual port going away, a zone change.

  Background:
    Given host h2 is logged in to fabric A
    And h2 has registered for state change notifications

  Scenario: A login is announced to registered ports
    When host h1 logs in to fabric A
    Then h2 receives an RSCN naming h1's port
    And h2 accepts the RSCN

  Scenario: A logout is announced to registered ports
    Given host h1 is logged in to fabric A
    When h1 logs out of fabric A
    Then h2 receives an RSCN naming h1's port
    And the name server no longer lists h1

  Scenario: A zone change is announced to the ports whose view it changes
    Given fabric A has the zones
      | zone | members |
      | z_h1 | h1      |
      | z_h2 | h2      |
    And host h1 is logged in to fabric A
    When fabric A activates the zones
      | zone  | members |
      | z_h12 | h1, h2  |
    Then h2 receives an RSCN naming h1's port
    When h2 asks the name server for the FC_ID of h1's WWPN
    Then the name server answers with the FC_ID of h1

  Scenario: Removing a virtual port is announced to registered ports
    Given host h1 is logged in to fabric A
    And h1 has 1 virtual port
    When h1 deletes virtual port 1
    Then h2 receives an RSCN naming virtual port 1 of h1

  Scenario: A port that cancelled its registration hears nothing
    Given array1 port 0a is logged in to fabric A
    And array1 port 0a has cancelled its state change registration
    When host h1 logs in to fabric A
    Then h2 receives an RSCN naming h1's port
    And array1 port 0a receives no RSCN
