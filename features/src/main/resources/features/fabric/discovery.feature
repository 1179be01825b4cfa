@fabric
Feature: Target discovery through the name server
  A host port that discovers targets (Linux libfc's discovery) asks the name server, once it is logged in to
  the fabric, for every port with FC-4 type FCP (GPN_FT) and logs in to each one it is shown (PLOGI, then
  PRLI), without any step telling it an address. Zoning decides what it is shown. When the fabric announces a
  change with an RSCN, it asks again: a target that logged in later is found, one that left loses its session.

  Scenario: A host port finds the targets on its fabric and logs in to each
    Given array1 port 0a is logged in to fabric A
    And host h2 is logged in to fabric A
    And h1 discovers targets through the name server
    When host h1 logs in to fabric A
    Then h1 discovers the targets on fabric A
    And h1 has logged in to array1 port 0a without being told its address
    And the targets h1 found are array1 port 0a

  Scenario: A target zoned apart from the host is not discovered
    Given fabric A has the zones
      | zone    | members |
      | z_h1_h2 | h1, h2  |
      | z_a1    | array1 port 0a |
    And array1 port 0a is logged in to fabric A
    And host h2 is logged in to fabric A
    And h1 discovers targets through the name server
    When host h1 logs in to fabric A
    Then h1 discovers the targets on fabric A
    And h1 does not discover array1 port 0a
    And array1 port 0a receives nothing from h1

  Scenario: A target that logs in later is found after the RSCN
    Given h1 port host2 discovers targets through the name server
    And host h1 port host2 is logged in to fabric B
    Then h1 port host2 finds no targets on fabric B
    When array1 port 0c logs in to fabric B
    Then h1 port host2 receives an RSCN naming array1 port 0c's port
    And h1 port host2 finds array1 port 0c after the RSCN
    And the targets h1 port host2 found are array1 port 0c

  Scenario: A target that leaves the fabric loses its session after the RSCN
    Given array1 port 0c is logged in to fabric B
    And h1 port host2 discovers targets through the name server
    And host h1 port host2 is logged in to fabric B
    And h1 port host2 has logged in to array1 port 0c without being told its address
    When array1 port 0c logs out of fabric B
    Then h1 port host2 receives an RSCN naming array1 port 0c's port
    And h1 port host2 drops its session with array1 port 0c after the RSCN
    And h1 port host2 finds no targets on fabric B
