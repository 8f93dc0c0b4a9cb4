"""The rule-based interpreter's rules, one family per module, in the order they are tried.

Exclusive rules own a clause when they match (a title's "3 seconds" is not the video's length);
additive rules may all contribute ("a 9:16 slideshow with crossfades"). Clips come before music and
photos: "mute the video" is the clip's sound, "swap the clip and the first photo" names a clip.
"""

from photoreel.agent.rules.beats import beats
from photoreel.agent.rules.clips import clips
from photoreel.agent.rules.commands import commands, export
from photoreel.agent.rules.grade import grade
from photoreel.agent.rules.halfway import halfway
from photoreel.agent.rules.look import look
from photoreel.agent.rules.lookup import lookup
from photoreel.agent.rules.music import music
from photoreel.agent.rules.output import output
from photoreel.agent.rules.photos import photos
from photoreel.agent.rules.picks import picks
from photoreel.agent.rules.recipe import recipe
from photoreel.agent.rules.relative import relative
from photoreel.agent.rules.restore import restore
from photoreel.agent.rules.slideshow import slideshow
from photoreel.agent.rules.switch_off import switch_off
from photoreel.agent.rules.take_back import take_back
from photoreel.agent.rules.texts import texts
from photoreel.agent.rules.timing import timing

EXCLUSIVE = (
    restore,
    take_back,
    switch_off,
    halfway,
    lookup,
    commands,
    relative,
    recipe,
    beats,
    picks,
    clips,
    texts,
    music,
    photos,
)
ADDITIVE = (slideshow, output, timing, look, grade, export)

__all__ = ["ADDITIVE", "EXCLUSIVE"]
