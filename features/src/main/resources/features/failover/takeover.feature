@failover
Feature: Failover of an appliance node to its partner by taking over its port identities
  Appliance cluster c1: na1 owns LUN 1, na2 owns LUN 2. The nodes exchange heartbeats over the interconnect.
  When na2 fails (no heartbeat for the configured number of intervals, or an explicit failover command),
  na1 initialises a virtual port on its physical port, sets that port's vport database entry to na2's port's
  WWNN and WWPN, logs it in to the fabric (FDISC), preempts the persistent reservations of na2's disks and
  serves na2's LUNs at the assumed identity, while its own ports keep serving. Hosts see a pause, not an error.

  Background:
    Given the nodes na1 and na2 of the appliance cluster are up on fabric A
    And h1 has scanned the LUNs of na2 port 0a
    And h1 has scanned the LUNs of na1 port 0b

  @claim-failover-1 @claim-failover-2 @claim-failover-4 @claim-failover-5 @claim-failover-6
  @claim-failover-7 @claim-failover-8 @claim-failover-12 @claim-failover-13 @claim-failover-14
  @claim-failover-15 @claim-failover-16 @claim-failover-18 @claim-failover-19 @claim-failover-21
  @claim-failover-22 @claim-failover-23 @claim-failover-24 @claim-failover-25
  Scenario: A missed heartbeat moves na2's port identity to na1, which serves na2's disks there
    Given na1 and na2 send heartbeats every 10 ms and take over after 3 missed heartbeats
    And h1 writes 4 blocks of pattern K at LBA 200 of LUN 2 through na2 port 0a
    And the command of h1 completes with status GOOD
    When node na2 fails
    Then within 100 ms na1 takes over na2 because its heartbeats stopped
    And na1 initialised a virtual port on its port 0a whose vport database entry carries the WWNN and WWPN of na2 port 0a
    And fabric A sees na2 port 0a's WWPN logged in with FDISC through na1's port 0a
    And na1 holds the persistent reservation of na2's disk for LUN 2 and na2 can no longer write it
    When h1 finds na2 port 0a again and reads 4 blocks at LBA 200 of LUN 2 there
    Then h1 reads back pattern K from the assumed identity, served by na1
    And the takeover time is reported and within the host timeout budget of 30 s

  @claim-failover-1 @claim-failover-3 @claim-failover-9 @claim-failover-10 @claim-failover-11
  @claim-failover-17 @claim-failover-20 @claim-failover-21
  Scenario: A failover command moves the identity, and na1's own ports keep serving
    Given na1 has a virtual proxy port 50:0a:09:81:00:00:c1:3a on its port 0a, logged in to the fabric
    And h1 has scanned the LUNs of the virtual port 50:0a:09:81:00:00:c1:3a
    When na1 is told to fail over na2
    Then na1 initialised a virtual port on its port 0a whose vport database entry carries the WWNN and WWPN of na2 port 0a
    And na1's port 0a carries both its own virtual port 50:0a:09:81:00:00:c1:3a and the assumed identity of na2 port 0a
    When h1 finds na2 port 0a again and writes 4 blocks of pattern F at LBA 10 of LUN 2 there
    Then the command of h1 at the assumed identity completes with status GOOD
    And the command was served by na1 at the assumed identity
    When h1 finds na2 port 0a again and reads 4 blocks at LBA 10 of LUN 2 there
    Then h1 reads back pattern F from the assumed identity, served by na1
    When h1 writes 4 blocks of pattern G at LBA 20 of LUN 2 through the virtual port 50:0a:09:81:00:00:c1:3a
    Then the command of h1 through the virtual port completes with status GOOD
    When h1 reads 4 blocks at LBA 20 of LUN 2 through the virtual port 50:0a:09:81:00:00:c1:3a
    Then h1 reads back pattern G through the virtual port
    When h1 reads 4 blocks at LBA 0 of LUN 1 through na1 port 0b
    Then h1 gets CHECK CONDITION with sense key UNIT ATTENTION and REPORTED LUNS DATA HAS CHANGED
    And h1 is told through na1 port 0b that the asymmetric access state of LUN 1 changed
    When h1 reads 4 blocks at LBA 0 of LUN 1 through na1 port 0b
    Then the command of h1 completes with status GOOD
    And na1 served the command itself without using the interconnect

  @claim-failover-1 @claim-failover-8
  Scenario: Giveback returns the identity and the disks when na2 is back
    When na1 is told to fail over na2
    And h1 finds na2 port 0a again and writes 4 blocks of pattern B at LBA 30 of LUN 2 there
    And na2 comes back and na1 gives back its identity and disks
    Then fabric A sees na2 port 0a's WWPN logged in through na2's own port 0a
    When h1 finds na2 port 0a again and reads 4 blocks at LBA 30 of LUN 2 there
    Then h1 reads back pattern B from na2's own port

  @claim-failover-1 @claim-failover-2 @claim-failover-8 @claim-failover-12 @claim-failover-21
  Scenario: Hosts see a pause, not an error: every acknowledged write is readable after the takeover
    Given na1 and na2 send heartbeats every 10 ms and take over after 3 missed heartbeats
    And h1 writes blocks 0 to 15 of LUN 2 through na2 port 0a one at a time, recording each in the history
    When h1 has writes to blocks 12 to 19 of LUN 2 in flight through na2 port 0a when node na2 fails
    Then within 100 ms na1 takes over na2 because its heartbeats stopped
    When h1 finds na2 port 0a again and reads back blocks 0 to 19 of LUN 2 there, recording each in the history
    Then every write acknowledged before the failure is read back after the takeover, as the history checker finds
    # The host first waits out its 30 s command timeout on the writes in flight, then looks for the port again:
    # its next I/O comes after that, so this host's budget is two command timeouts.
    And the takeover time is reported and within the host timeout budget of 60 s
