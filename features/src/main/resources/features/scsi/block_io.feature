@scsi
Feature: Reading and writing blocks over FCP
  Hosts reach array1's logical units through fabric A. The FCP target is a thin front end over the
  fabric-agnostic SCSI target core: a write is solicited with FCP_XFER_RDY, read data crosses the fabric in
  frames the host can receive, with relative offsets, and FCP_RSP carries status and residuals.

  Background:
    Given h1 has scanned the LUNs of array1 port 0a

  Scenario: Data a host writes is read back
    When h1 writes 8 blocks of pattern A at LBA 100 of LUN 3 through array1 port 0a
    Then the command of h1 completes with status GOOD
    And array1 port 0a asked for the write data with one FCP_XFER_RDY of 4096 bytes
    When h1 reads 8 blocks at LBA 100 of LUN 3 through array1 port 0a
    Then h1 reads back pattern A
    And the read data crossed the fabric in frames of at most 2048 bytes with increasing relative offsets
    And the FCP_RSP to h1 reports no residual

  Scenario: Two hosts see each other's writes on a shared LUN
    Given h2 has scanned the LUNs of array1 port 0a
    When h1 writes 4 blocks of pattern B at LBA 0 of LUN 0 through array1 port 0a
    And h2 reads 4 blocks at LBA 0 of LUN 0 through array1 port 0a
    Then h2 reads back pattern B

  Scenario: Blocks never written read as zeros
    When h1 reads 2 blocks at LBA 5000 of LUN 0 through array1 port 0a
    Then h1 reads back zeros

  Scenario: A read past the end of the logical unit is refused
    When h1 reads 1 blocks at LBA 32768 of LUN 3 through array1 port 0a
    Then h1 gets CHECK CONDITION with sense key ILLEGAL REQUEST and LOGICAL BLOCK ADDRESS OUT OF RANGE
    And the FCP_RSP to h1 reports an underrun of 512 bytes

  Scenario: A host that expects more data than the command transfers sees an underrun
    When h1 reads 1 blocks at LBA 0 of LUN 0 through array1 port 0a expecting 1024 bytes
    Then the command of h1 completes with status GOOD
    And the FCP_RSP to h1 reports an underrun of 512 bytes
