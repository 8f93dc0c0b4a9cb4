"""Words -> timeline edits and commands (English and Chinese). No database, no HTTP."""

from photoreel.agent.interpreter import Interpreter, RuleBasedInterpreter
from photoreel.agent.memory import Memory
from photoreel.agent.plan import Command, Edit, Plan, View

__all__ = ["Command", "Edit", "Interpreter", "Memory", "Plan", "RuleBasedInterpreter", "View"]
