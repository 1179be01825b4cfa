@failover
Feature: ALUA states follow the disks through takeover and giveback
  Appliance cluster c1: na1 owns LUN 1, na2 owns LUN 2; ports 0a proxy for the partner's LUNs. A path through
  the node that owns a LUN is active/optimized, a path through a proxy port active/non-optimized. When na1
  takes over na2, na2's port identities (same WWPN, same relative target port, same target port group) live on
  na1, which now owns both LUNs: every path is active/optimized, and hosts get the unit attention ASYMMETRIC
  ACCESS STATE CHANGED (2A/06). Giveback restores the states and tells the hosts again.

  Background:
    Given the nodes na1 and na2 of the appliance cluster are up on fabric A
    And h1 has scanned the LUNs of na1 port 0a
    And h1 has scanned the LUNs of na2 port 0a

  @claim-failover-1 @claim-failover-3 @claim-failover-8 @claim-failover-12 @claim-failover-21
  Scenario: Takeover makes the failed node's paths active/optimized on the survivor; giveback makes them proxy paths again
    Then through na1 port 0a, h1 finds LUN 2 active/non-optimized in the target port group of na1's ports
    And through na2 port 0a, h1 finds LUN 1 active/non-optimized in the target port group of na2's ports
    When na1 is told to fail over na2
    Then h1 is told through na1 port 0a that the asymmetric access state of LUN 1 changed
    And through na2 port 0a, h1 finds LUN 1 active/optimized in the target port group of na2's ports
    And through na2 port 0a, h1 finds LUN 2 active/optimized in the target port group of na2's ports
    And through na1 port 0a, h1 finds LUN 2 active/optimized in the target port group of na1's ports
    When na2 comes back and na1 gives back its identity and disks
    Then h1 is told through na1 port 0a that the asymmetric access state of LUN 1 changed
    And h1 is told through na1 port 0a that the asymmetric access state of LUN 2 changed
    And through na1 port 0a, h1 finds LUN 2 active/non-optimized in the target port group of na1's ports
    And through na2 port 0a, h1 finds LUN 1 active/non-optimized in the target port group of na2's ports
    And through na2 port 0a, h1 finds LUN 2 active/optimized in the target port group of na2's ports
