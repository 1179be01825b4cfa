@proxy
Feature: Proxying in a three-node cluster whose interconnect runs through a fabric switch
  Appliance cluster c3: nb1 owns LUN 11, nb2 LUN 12, nb3 LUN 13; every node's port 0a (on fabric C, where host
  h4 is) proxies. The interconnect is not a set of cables between the nodes: each node has an interconnect port
  on fabric D (switch sw4); the ports log in with FLOGI, look each other up in the name server (GID_PN) and log
  in to each other, then FC-VI runs between them through the switch. A command for a LUN that another node owns
  is forwarded from whichever node received it to the owner, and its response comes back the same way.

  Background:
    Given the nodes nb1, nb2 and nb3 of appliance cluster c3 are up on fabric C

  @claim-proxy-1 @claim-proxy-2 @claim-proxy-3 @claim-proxy-5 @claim-proxy-6 @claim-proxy-9 @claim-proxy-10
  @claim-proxy-11 @claim-proxy-12 @claim-proxy-13 @claim-proxy-14 @claim-proxy-17 @claim-proxy-18 @claim-proxy-19
  @claim-proxy-20 @claim-proxy-22 @claim-proxy-23 @claim-proxy-25 @claim-proxy-26
  Scenario: A write at one node and a read at another, both for a third node's LUN, are forwarded to that owner through the switch
    Given h4 has scanned the LUNs of nb1 port 0a
    And h4 has scanned the LUNs of nb2 port 0a
    When h4 writes 8 blocks of pattern T at LBA 64 of LUN 13 through nb1 port 0a
    Then the command of h4 completes with status GOOD
    And nb1 received the command at its port 0a and forwarded it to nb3 over the interconnect
    And the command crossed switch sw4 from nb1's interconnect port to nb3's as FC-VI frames, and the response came back
    When h4 reads 8 blocks at LBA 64 of LUN 13 through nb2 port 0a
    Then h4 reads back pattern T
    And nb2 received the command at its port 0a and forwarded it to nb3 over the interconnect
    And the command crossed switch sw4 from nb2's interconnect port to nb3's as FC-VI frames, and the response came back
    And nb3 processed the forwarded command with its own SCSI target core
    And the interconnect of cluster c3 runs through switch sw4: every node's interconnect port logged in with FLOGI and looked its peers up in the name server

  @claim-proxy-1 @claim-proxy-9 @claim-proxy-10 @claim-proxy-11
  Scenario: Each node serves its own LUN itself and forwards the others' to their owners
    Given h4 has scanned the LUNs of nb3 port 0a
    When h4 reads 1 blocks at LBA 0 of LUN 13 through nb3 port 0a
    Then the command of h4 completes with status GOOD
    And nb3 served the command itself without using the interconnect
    When h4 reads 1 blocks at LBA 0 of LUN 11 through nb3 port 0a
    Then the command of h4 completes with status GOOD
    And nb3 received the command at its port 0a and forwarded it to nb1 over the interconnect
    When h4 reads 1 blocks at LBA 0 of LUN 12 through nb3 port 0a
    Then the command of h4 completes with status GOOD
    And nb3 received the command at its port 0a and forwarded it to nb2 over the interconnect
    And through nb3 port 0a, h4 finds LUN 12 active/non-optimized in the target port group of nb3's ports
    And through nb2 port 0a, h4 finds LUN 12 active/optimized in the target port group of nb2's ports
