@failover
Feature: Failover in a three-node cluster: the next node in cluster order takes the failed node over
  Appliance cluster c3: nb1 owns LUN 11, nb2 LUN 12, nb3 LUN 13; every node's port 0a (on fabric C) proxies, and
  the interconnect runs through switch sw4 of fabric D. The rule for who takes a failed node over is fixed and
  the same on every node: the next node in the cluster's order (nb1, nb2, nb3, then nb1 again) that is still up
  takes over every port identity and every disk of the failed node. The other survivor keeps proxying the
  failed node's LUNs, now to the node that took them over (a host first hears POWER ON, RESET, OR BUS DEVICE
  RESET OCCURRED there: the logical unit is now served by another node's target core).

  Background:
    Given the nodes nb1, nb2 and nb3 of appliance cluster c3 are up on fabric C
    And h4 has scanned the LUNs of nb1 port 0a
    And h4 has scanned the LUNs of nb2 port 0a

  @claim-failover-1 @claim-failover-2 @claim-failover-4 @claim-failover-7 @claim-failover-8 @claim-failover-12
  @claim-failover-18 @claim-failover-20 @claim-failover-21
  Scenario: When nb2's heartbeats stop, nb3 takes it over and nb1 forwards nb2's LUN to nb3, until giveback
    Given h4 writes 4 blocks of pattern M at LBA 100 of LUN 12 through nb1 port 0a
    And the command of h4 completes with status GOOD
    And nb1, nb2 and nb3 send heartbeats every 10 ms and take over after 3 missed heartbeats
    When node nb2 fails
    Then within 100 ms nb3 takes over nb2 because its heartbeats stopped
    And nb3 took over nb2's port identities and disks, by the rule that the next node in cluster order takes over
    And nb3 initialised a virtual port on its port 0a whose vport database entry carries the WWNN and WWPN of nb2 port 0a
    And the disk for LUN 12 is reserved WRITE EXCLUSIVE - REGISTRANTS ONLY by nb3, whose key is the only one registered
    When h4 reads 4 blocks at LBA 100 of LUN 12 through nb1 port 0a
    Then h4 gets CHECK CONDITION with sense key UNIT ATTENTION and POWER ON, RESET, OR BUS DEVICE RESET OCCURRED
    When h4 reads 4 blocks at LBA 100 of LUN 12 through nb1 port 0a
    Then h4 reads back pattern M
    And nb1 received the command at its port 0a and forwarded it to nb3 over the interconnect
    When h4 finds nb2 port 0a again and reads 4 blocks at LBA 100 of LUN 12 there
    Then h4 reads back pattern M from the assumed identity, served by nb3
    And through nb2 port 0a, h4 finds LUN 12 active/optimized in the target port group of nb2's ports
    And through nb1 port 0a, h4 finds LUN 12 active/non-optimized in the target port group of nb1's ports
    When nb2 comes back and nb3 gives back its identity and disks
    Then the disk for LUN 12 is reserved WRITE EXCLUSIVE - REGISTRANTS ONLY by nb2, whose key is the only one registered
    And h4 is told through nb1 port 0a that the asymmetric access state of LUN 12 changed
    When h4 reads 4 blocks at LBA 100 of LUN 12 through nb1 port 0a
    Then h4 reads back pattern M
    And nb1 received the command at its port 0a and forwarded it to nb2 over the interconnect

  @claim-failover-1 @claim-failover-3 @claim-failover-8 @claim-failover-12
  Scenario: A failover command for nb3 makes nb1 take it over, wrapping around the cluster order
    When cluster c3 is told to fail over nb3
    Then nb1 took over nb3's port identities and disks, by the rule that the next node in cluster order takes over
    And the disk for LUN 13 is reserved WRITE EXCLUSIVE - REGISTRANTS ONLY by nb1, whose key is the only one registered
    When h4 reads 1 blocks at LBA 0 of LUN 13 through nb2 port 0a
    Then h4 gets CHECK CONDITION with sense key UNIT ATTENTION and POWER ON, RESET, OR BUS DEVICE RESET OCCURRED
    When h4 reads 1 blocks at LBA 0 of LUN 13 through nb2 port 0a
    Then the command of h4 completes with status GOOD
    And nb2 received the command at its port 0a and forwarded it to nb1 over the interconnect
