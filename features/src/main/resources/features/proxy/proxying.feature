@proxy
Feature: Proxying data access commands between the nodes of an appliance cluster
  Appliance cluster c1 has two nodes, na1 and na2, each owning its disks: LUN 1 is on na1, LUN 2 on na2.
  Ports 0a of both nodes are proxy ports: a command arriving there for the partner's LUN is forwarded by the
  node's virtual target module, through its virtual adapter and interconnect driver, over the cluster
  interconnect (a direct FC link carrying FC-VI) to the partner, which processes it on its own SCSI target
  core; the response comes back over the interconnect and the first node answers the host. Ports 0b serve
  their own node's LUNs only.

  Background:
    Given the nodes na1 and na2 of the appliance cluster are up on fabric A
    And h1 has scanned the LUNs of na1 port 0a

  @claim-proxy-1 @claim-proxy-2 @claim-proxy-3 @claim-proxy-5 @claim-proxy-8 @claim-proxy-9 @claim-proxy-12
  @claim-proxy-13 @claim-proxy-14 @claim-proxy-15 @claim-proxy-16 @claim-proxy-17 @claim-proxy-18
  @claim-proxy-19 @claim-proxy-20 @claim-proxy-21 @claim-proxy-22 @claim-proxy-23 @claim-proxy-25
  @claim-proxy-27 @claim-proxy-28 @claim-proxy-29 @claim-proxy-30 @claim-proxy-32
  Scenario: A read for the partner's LUN at a physical proxy port is answered with the partner's data
    Given h1 has scanned the LUNs of na2 port 0a
    And h1 writes 4 blocks of pattern R at LBA 64 of LUN 2 through na2 port 0a
    And na2 served the command itself without using the interconnect
    And the disk of na2 for LUN 2 is being watched
    When h1 reads 4 blocks at LBA 64 of LUN 2 through na1 port 0a
    Then h1 reads back pattern R
    And na1 received the command at its port 0a and forwarded it to na2 over the interconnect
    And na2 processed the forwarded command with its own SCSI target core
    And the disk of na2 for LUN 2 was read
    And the interconnect is a direct Fibre Channel link from na1 to na2 carrying FC-VI sends
    And na1 answered h1 itself from its port 0a

  @claim-proxy-1 @claim-proxy-6 @claim-proxy-18 @claim-proxy-26 @claim-proxy-27 @claim-proxy-28
  @claim-proxy-33
  Scenario: A write for the partner's LUN at a proxy port is acknowledged after the partner wrote it
    Given the disk of na2 for LUN 2 is being watched
    When h1 writes 4 blocks of pattern W at LBA 100 of LUN 2 through na1 port 0a
    Then the command of h1 completes with status GOOD
    And na1 received the command at its port 0a and forwarded it to na2 over the interconnect
    And the disk of na2 for LUN 2 was written
    And na1 answered h1 itself from its port 0a
    Given h1 has scanned the LUNs of na2 port 0a
    When h1 reads 4 blocks at LBA 100 of LUN 2 through na2 port 0a
    Then h1 reads back pattern W

  @claim-proxy-7 @claim-proxy-34
  Scenario: A predetermined set of read data comes back from the partner without touching its disks
    Given the disk of na2 for LUN 2 is being watched
    When h1 reads the capacity of LUN 2 through na1 port 0a
    Then h1 sees a capacity of 32768 blocks of 512 bytes
    And na1 received the command at its port 0a and forwarded it to na2 over the interconnect
    And the disk of na2 for LUN 2 was not read
    And na1 answered h1 itself from its port 0a

  @claim-proxy-2 @claim-proxy-4 @claim-proxy-22 @claim-proxy-24 @claim-proxy-29 @claim-proxy-31
  Scenario: A virtual port on a physical port proxies too
    Given na1 has a virtual proxy port 50:0a:09:81:00:00:c1:3a on its port 0a, logged in to the fabric
    And h1 has scanned the LUNs of the virtual port 50:0a:09:81:00:00:c1:3a
    When h1 writes 4 blocks of pattern V at LBA 8 of LUN 2 through the virtual port 50:0a:09:81:00:00:c1:3a
    Then the command of h1 through the virtual port completes with status GOOD
    And na1 received the command at its port 50:0a:09:81:00:00:c1:3a and forwarded it to na2 over the interconnect
    When h1 reads 4 blocks at LBA 8 of LUN 2 through the virtual port 50:0a:09:81:00:00:c1:3a
    Then h1 reads back pattern V through the virtual port
    And the command crossed the interconnect from na1 to na2 and the response came back

  @claim-proxy-10 @claim-proxy-11
  Scenario: The virtual target module decides from the port and the LUN address
    When h1 reads 1 blocks at LBA 0 of LUN 1 through na1 port 0a
    Then the command of h1 completes with status GOOD
    And na1 served the command itself without using the interconnect
    When h1 reads 1 blocks at LBA 0 of LUN 2 through na1 port 0a
    Then the command of h1 completes with status GOOD
    And na1 received the command at its port 0a and forwarded it to na2 over the interconnect
    Given h1 has logged in to na1 port 0b for SCSI
    When h1 reads 1 blocks at LBA 0 of LUN 2 through na1 port 0b
    Then h1 gets CHECK CONDITION with sense key ILLEGAL REQUEST and LOGICAL UNIT NOT SUPPORTED
    And na1 did not forward the command received at its port 0b

  @claim-proxy-1 @claim-proxy-17
  Scenario: Proxying adds the interconnect round trip to the host's latency, and the run reports it
    When h1 reads 4 blocks at LBA 0 of LUN 1 through na1 port 0a
    And h1 reads 4 blocks at LBA 0 of LUN 2 through na1 port 0a
    Then the latency proxying added at na1 is reported and covers the interconnect round trip
