@mirror
Feature: Mirror messages a server cannot accept
  Mirror and policing messages have an emulator-defined layout (FC-4 TYPE 0xE1: version, opcode, status,
  message id, server id, parameter length, parameters). A server answers a message it cannot accept with a
  reply whose status names the defect, echoing the message id when it could read it, and nothing on the
  server changes: its device, its copies, its claims for write priority.

  Background:
    Given servers ms1 and ms2 mirror the shared LUN over dedicated links
    And h1 has written 4 blocks of pattern K at LBA 0 of the shared LUN through server ms1

  Scenario Outline: A malformed or misdirected mirror message is refused with the defect named, and changes nothing
    When ms1 sends ms2 over their dedicated link a mirror message "<message>"
    Then ms2 answered with status <status>
    And the message changed nothing on ms2
    When h1 writes 4 blocks of pattern L at LBA 0 of the shared LUN through server ms1
    Then the copies on ms1 and ms2 are identical block by block for 4 blocks from LBA 0

    Examples:
      | message                                            | status                |
      | shorter than its header                            | MALFORMED             |
      | of version 2                                       | VERSION_NOT_SUPPORTED |
      | with an unknown opcode                             | UNKNOWN_OPCODE        |
      | whose parameter length disagrees with its payload  | MALFORMED             |
      | whose write data is not whole blocks               | INVALID_PARAMETERS    |
      | writing past the end of the device                 | OUT_OF_RANGE          |
      | claiming to come from a server outside the group   | NOT_A_MEMBER          |
