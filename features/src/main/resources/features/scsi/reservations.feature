@scsi
Feature: Reservations between hosts over FCP
  A reservation taken by one host keeps another host's commands out, with RESERVATION CONFLICT, until it is
  released or preempted.

  Background:
    Given h1 has scanned the LUNs of array1 port 0a
    And h2 has scanned the LUNs of array1 port 0a

  Scenario: A RESERVE(6) reservation excludes the other host until it is released
    When h1 reserves LUN 3 through array1 port 0a
    Then the command of h1 completes with status GOOD
    When h2 writes 1 blocks of pattern C at LBA 10 of LUN 3 through array1 port 0a
    Then the command of h2 completes with status RESERVATION CONFLICT
    When h1 reads 1 blocks at LBA 10 of LUN 3 through array1 port 0a
    Then h1 reads back zeros
    When h1 releases LUN 3 through array1 port 0a
    And h2 writes 1 blocks of pattern C at LBA 10 of LUN 3 through array1 port 0a
    Then the command of h2 completes with status GOOD
    When h1 reads 1 blocks at LBA 10 of LUN 3 through array1 port 0a
    Then h1 reads back pattern C

  Scenario: A write exclusive persistent reservation lets others read but not write
    When h1 registers reservation key 0xA1 on LUN 0 through array1 port 0a
    And h2 registers reservation key 0xB2 on LUN 0 through array1 port 0a
    And h1 takes a write exclusive persistent reservation with key 0xA1 on LUN 0 through array1 port 0a
    Then the command of h1 completes with status GOOD
    When h2 writes 1 blocks of pattern D at LBA 0 of LUN 0 through array1 port 0a
    Then the command of h2 completes with status RESERVATION CONFLICT
    When h2 reads 1 blocks at LBA 0 of LUN 0 through array1 port 0a
    Then the command of h2 completes with status GOOD
    And h2 reads back zeros

  Scenario: A registered host preempts the reservation of another
    When h1 registers reservation key 0xA1 on LUN 0 through array1 port 0a
    And h2 registers reservation key 0xB2 on LUN 0 through array1 port 0a
    And h1 takes a write exclusive persistent reservation with key 0xA1 on LUN 0 through array1 port 0a
    And h2 with key 0xB2 preempts the write exclusive reservation of key 0xA1 on LUN 0 through array1 port 0a
    Then the command of h2 completes with status GOOD
    When h1 writes 1 blocks of pattern E at LBA 0 of LUN 0 through array1 port 0a
    Then h1 gets CHECK CONDITION with sense key UNIT ATTENTION and REGISTRATIONS PREEMPTED
    When h1 writes 1 blocks of pattern E at LBA 0 of LUN 0 through array1 port 0a
    Then the command of h1 completes with status RESERVATION CONFLICT
    When h2 reads 1 blocks at LBA 0 of LUN 0 through array1 port 0a
    Then h2 reads back zeros
    When h2 writes 1 blocks of pattern E at LBA 0 of LUN 0 through array1 port 0a
    Then the command of h2 completes with status GOOD
    When h2 reads 1 blocks at LBA 0 of LUN 0 through array1 port 0a
    Then h2 reads back pattern E
