@scsi
Feature: Identifying logical units over FCP
  A host discovers what it is talking to: REPORT LUNS, standard INQUIRY, the device identification VPD page
  with an NAA logical-unit name and the FC target port's WWPN, and the capacity.

  Background:
    Given h1 has logged in to array1 port 0a for SCSI

  Scenario: Process login establishes an FCP image pair
    Then h1 has an FCP image pair with array1 port 0a as initiator and target

  Scenario: REPORT LUNS lists the array's logical units
    Given h1 has scanned the LUNs of array1 port 0a
    When h1 sends REPORT LUNS through array1 port 0a
    Then h1 sees LUNs 0 and 3

  Scenario: INQUIRY describes a direct-access block device
    Given h1 has scanned the LUNs of array1 port 0a
    When h1 sends INQUIRY to LUN 0 through array1 port 0a
    Then h1 sees a direct-access block device from vendor "FCSPEC"

  Scenario: The device identification page names the logical unit and the target port
    Given h1 has scanned the LUNs of array1 port 0a
    When h1 asks LUN 3 through array1 port 0a for its device identification page
    Then the page names the logical unit with an NAA identifier and array1 port 0a as the target port

  Scenario: READ CAPACITY reports the size in blocks
    Given h1 has scanned the LUNs of array1 port 0a
    When h1 reads the capacity of LUN 3 through array1 port 0a
    Then h1 sees a capacity of 32768 blocks of 512 bytes

  Scenario: The first command after login reports the power-on unit attention
    When h1 sends INQUIRY to LUN 3 through array1 port 0a
    And h1 reads 1 blocks at LBA 0 of LUN 3 through array1 port 0a
    Then h1 gets CHECK CONDITION with sense key UNIT ATTENTION and POWER ON, RESET, OR BUS DEVICE RESET OCCURRED
