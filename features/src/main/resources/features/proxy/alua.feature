@proxy
Feature: Paths through the owner of a LUN are active/optimized, paths through a proxy port active/non-optimized
  Appliance cluster c1: na1 owns LUN 1, na2 owns LUN 2; ports 0a proxy for the partner's LUNs. Each node's
  target ports form one ALUA target port group (na1's ports group 1, na2's group 2). A host learns which group
  a path belongs to from the target port group and relative target port designators of VPD page 0x83, and
  the group's state from REPORT TARGET PORT GROUPS; both are asked over FCP on the path itself, so a
  forwarded command is answered by the owner for the port it arrived at.

  Background:
    Given the nodes na1 and na2 of the appliance cluster are up on fabric A
    And h1 has scanned the LUNs of na1 port 0a
    And h1 has scanned the LUNs of na2 port 0a

  @claim-proxy-1 @claim-proxy-2 @claim-proxy-3 @claim-proxy-9 @claim-proxy-10
  Scenario: A LUN is active/optimized through its owner's ports and active/non-optimized through the partner's proxy port
    Then through na2 port 0a, h1 finds LUN 2 active/optimized in the target port group of na2's ports
    And through na1 port 0a, h1 finds LUN 2 active/non-optimized in the target port group of na1's ports
    And na1 received the command at its port 0a and forwarded it to na2 over the interconnect
    And through na1 port 0a, h1 finds LUN 1 active/optimized in the target port group of na1's ports
    And through na2 port 0a, h1 finds LUN 1 active/non-optimized in the target port group of na2's ports
