"""Who may run QSIR training and the ward programme (the idiom is core.roles')."""

from core.roles import Rule

MANAGE_TRAINING = Rule("training.manage_training", "Only improvement leads can run QSIR training.")
