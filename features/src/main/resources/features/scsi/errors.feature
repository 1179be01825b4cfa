@scsi
Feature: Commands a target refuses, over FCP
  Invalid commands get CHECK CONDITION with the right sense, malformed FCP_CMNDs get an FCP_RSP saying so,
  and nothing already written is lost.

  Background:
    Given h1 has scanned the LUNs of array1 port 0a

  Scenario: An unsupported operation code is refused
    When h1 sends a command with the unsupported operation code 0xD7 to LUN 0 through array1 port 0a
    Then h1 gets CHECK CONDITION with sense key ILLEGAL REQUEST and INVALID COMMAND OPERATION CODE

  Scenario: A reserved bit in the CDB is refused
    When h1 sends a READ(16) with a reserved bit set in byte 1 to LUN 0 through array1 port 0a
    Then h1 gets CHECK CONDITION with sense key ILLEGAL REQUEST and INVALID FIELD IN CDB

  Scenario: A malformed FCP_CMND is answered and the data written before it is intact
    When h1 writes 2 blocks of pattern F at LBA 40 of LUN 3 through array1 port 0a
    And h1 sends an FCP_CMND with a reserved task attribute to LUN 3 through array1 port 0a
    Then h1 gets an FCP_RSP saying the FCP_CMND fields are invalid
    When h1 reads 2 blocks at LBA 40 of LUN 3 through array1 port 0a
    Then h1 reads back pattern F

  Scenario: A logical unit reset completes and is reported to the other host
    Given h2 has scanned the LUNs of array1 port 0a
    When h1 resets LUN 3 through array1 port 0a
    Then the task management function of h1 completes
    When h2 reads 1 blocks at LBA 0 of LUN 3 through array1 port 0a
    Then h2 gets CHECK CONDITION with sense key UNIT ATTENTION and BUS DEVICE RESET FUNCTION OCCURRED

  Scenario: A reset of a LUN the array does not have is refused
    When h1 resets LUN 9 through array1 port 0a
    Then the task management function of h1 is refused for an incorrect LUN
