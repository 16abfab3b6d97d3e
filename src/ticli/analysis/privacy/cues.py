"""The words around a capitalised word that say whether it is a person's name. Data only.

Used by `names` (capitalised words) and `lower` (names written in lower case).
"""

from __future__ import annotations

_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "mister", "sir", "dame", "auntie",
           "pastor", "rabbi", "imam", "rev", "reverend"}  # fmt: skip
#: Words before a name that say a person follows.
_BEFORE = {
    "client", "called", "named", "son", "daughter", "brother", "sister", "husband", "wife",
    "partner", "boyfriend", "girlfriend", "nephew", "niece", "grandson", "granddaughter",
    "baby", "mentee", "pupil", "caller", "patient", "resident", "tenant", "cousin", "friend",
    "with", "told", "asked", "about", "pushed", "met", "saw", "see", "visited", "rang",
    "phoned", "emailed", "texted", "and", "thanked", "helped", "supporting",
    "supported", "for", "to", "from", "of", "like", "young", "little", "big", "poor",
    "re", "pt", "walked", "gave", "noticed", "let", "rushing", "uncle", "aunt", "aunty",
    "checking", "chased", "reminded", "warned", "encouraged", "praised", "drove", "into",
    # relations written before a name: "her stepdad Gary", "dad (Terry)"
    "mum", "mom", "mam", "dad", "stepdad", "stepmum", "stepmom", "nan", "nana", "gran",
    "grandma", "grandad", "grandpa", "fiance", "fiancee", "ex", "carer",
}  # fmt: skip
#: Verbs after a word at the start of a note that say it is somebody ("Huong is convinced").
STARTS_PERSON = {
    "is", "was", "has", "had", "used", "moved", "got", "gets", "finally", "hates", "loves",
    "picks", "wore", "declined", "disclosed", "opened", "cried", "died", "lives", "stays",
    "needs", "seemed", "seems", "looked", "felt", "feels", ":", "will", "won't", "can't",
    "couldn't", "hasn't", "isn't", "wasn't", "hadn't", "just", "still", "never", "always",
    "really", "wouldn't", "shouted", "screamed", "swore", "kicked", "walked", "ran",
    "barely", "hardly", "actually", "eventually", "suddenly", "reckons", "reckoned",
    "shared", "struggles", "struggled", "attended", "engaged", "lost", "won", "beamed",
    "agreed", "started", "stopped", "managed", "admitted",
    # what a note says a person did or does: "Kiran cancelled", "Ionut works nights"
    "cancelled", "canceled", "rebooked", "drew", "misses", "works", "worked", "sleeps",
    "slept", "worries", "worried", "doing", "sits", "sat",
}  # fmt: skip
_PREPOSITIONS = {"and", "for", "to", "from", "of", "like", "about", "with", "into"}
#: Verbs after a word that say it is somebody ("Grace said").
_SPEAKS = {
    "said", "says", "told", "tells", "asked", "asks", "cried", "laughed", "shrugged",
    "smiled", "admitted", "disclosed", "mentioned", "explained", "described", "agreed",
    "refused", "wants", "wanted", "came", "went", "stayed", "brought", "phoned", "rang",
    "turned", "talked", "spoke", "missed", "left", "arrived", "finished", "tried",
    "thinks", "thought", "didn't", "doesn't", "won't", "kept",
}  # fmt: skip
#: Verbs after a word that say it is somebody only in mid-sentence ("I think Will is").
_WEAK = {"is", "was", "has", "had", "felt", "feels", "seemed", "seems", "looked", "needs", "and"}
#: Capitalised words that are never names here: days, months, family words, and words
#: that start the names of services and places.
_ORDINARY = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "mum", "mom", "dad", "mam", "nan", "nana", "gran",
    "granny", "grandma", "grandad", "grandpa", "auntie", "aunty", "stepdad", "stepmum",
    "stepmom", "stepfather", "stepmother", "stepbrother", "stepsister", "grandparents",
    "god", "christmas",
    "easter", "eid", "ramadan", "diwali", "hanukkah", "trust", "council", "team", "service",
    "services", "ward", "unit", "school", "hospital", "centre", "center", "english",
    "british", "christian", "muslim", "jewish", "catholic", "sikh", "hindu", "ok", "okay",
    "supervision", "safeguarding", "today", "tonight", "yesterday", "tomorrow", "bank",
    "holiday", "term", "year", "mr", "mrs", "ms", "dr", "miss", "sir", "madam", "day", "eve",
    "aid", "room", "women", "men", "people", "children", "street", "road", "lane", "avenue",
    "house", "primary", "academy", "college", "university", "church", "court", "station",
    "park", "hall", "forum", "network", "project", "cross", "help", "care", "health",
    # Shops, cafes and charities people meet in or are sent to: places, not people.
    "mcdonald", "sainsbury", "tesco", "asda", "boots", "costa", "greggs", "barnardo", "lidl",
    "aldi", "morrisons", "argos", "primark", "waitrose", "starbucks", "walmart", "target",
    "wendy", "macy", "kohl", "subway", "nando", "wetherspoon", "oxfam", "mind", "samaritans",
    "shelter", "childline", "ofsted", "nhs", "google", "facebook", "instagram", "tiktok",
    "snapchat", "whatsapp", "youtube", "netflix", "minecraft", "fortnite", "roblox", "zoom",
}  # fmt: skip
#: Words after a capitalised word that make it part of a place or a service.
_PLACE_AFTER = {
    "house", "team", "service", "services", "primary", "secondary", "school", "academy",
    "hospital", "ward", "centre", "center", "street", "road", "lane", "avenue", "trust",
    "council", "unit", "clinic", "court", "station", "park", "college", "university",
    "church", "mosque", "temple", "club", "group", "project", "surgery", "practice",
    "foundation", "hub", "hall", "library", "estate", "way", "drive", "close",
    "crescent", "gardens", "square", "place", "terrace", "health", "care", "network",
    "partnership", "hospice", "home", "lodge", "prison", "nursery",
    "day", "eve", "help", "aid", "cross", "forum", "fund", "charity",
    # places and landmarks ("Hudson River", "Sherwood Forest"), laws and events
    "river", "forest", "dock", "docks", "field", "valley", "lake", "bay", "island", "isle",
    "beach", "castle", "bridge", "canal", "quay", "pier", "market", "arena", "stadium",
    "zoo", "airport", "mall", "heath", "moor", "law", "rounds", "night", "carvery",
}  # fmt: skip
#: Words after a name that make it a family's: "the Hendersons' household", "the O'Connor boys".
_FAMILY_AFTER = {"family", "household", "kids", "boys", "girls", "children", "twins", "siblings"}
#: Words that are never a family's name, even before "family".
_STOP = {"the", "a", "an", "this", "that", "these", "those", "my", "our", "his", "her", "their",
         "your", "its", "new", "old", "whole", "same", "host", "foster", "birth"}  # fmt: skip


#: A number of the month, or a word of time before it: "Jan" and "Mar" are months here.
MONTH_SHORT = {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
               "Dec"}  # fmt: skip
WHEN = {"since", "in", "from", "until", "till", "til", "by", "last", "next", "this", "early",
        "mid", "late", "end", "start", "of", "before", "after", "on", "during", "over"}  # fmt: skip
#: Words that say the one spoken to is a person: "talked to Wiktoria", "w/ Destiny".
TALK_TO = {"talked", "spoke", "speak", "speaking", "talking", "chatted", "chatting", "said",
           "listened", "listening", "explained", "wrote", "writing", "sat", "sitting",
           "went", "gave", "handed", "passed", "read", "apologised", "apologized"}  # fmt: skip
#: Verbs that follow a person at the start of a quick note ("jayden kicked off").
DOES = {"kicked", "kicks", "got", "gets", "was", "is", "has", "had", "seemed", "seems",
        "looked", "looks", "walked", "ran", "shouted", "screamed", "swore", "hit", "punched",
        "cried", "laughed", "smiled", "refused", "wants", "wanted", "needs", "needed", "did",
        "didn't", "doesn't", "won't", "can't", "wouldn't", "couldn't", "isn't", "wasn't",
        "hasn't", "made", "brought", "took", "loves", "hates", "likes", "says", "said", "told",
        "talked", "spoke", "opened", "disclosed", "stayed", "turned", "showed", "arrived",
        "missed", "finished", "tried", "kept", "thinks", "thought", "feels", "felt", "lives",
        "lived", "moved", "started", "stopped", "came", "went", "left", "asked", "rang",
        "phoned", "texted", "messaged", "and", "&", "+", "w/", "with", "very", "v", "really",
        "still", "now", "again", "back", "in", "off", "absent", "late", "upset", "low",
        "quiet", "ok", "okay", "better", "worse", "angry", "tearful", "settled"}  # fmt: skip
#: Verbs after a name that is also a word, opening a note in lower case, that make it a
#: person: "grace cried", "sunny didn't eat" (not "is", "was", "seemed": "hope is thin").
PERSON_VERBS = {"said", "says", "told", "asked", "cried", "rang", "phoned", "texted",
                "disclosed", "refused", "wants", "wanted", "didn't", "doesn't", "won't",
                "can't", "wouldn't", "couldn't", "isn't", "wasn't", "kicked", "shouted",
                "screamed", "swore", "laughed", "smiled", "thinks", "thought", "reckons",
                "attended", "agreed", "didnt", "doesnt",
                "wont", "cant", "isnt", "wasnt"}  # fmt: skip
#: Before a name in lower case in quick notes: "asked jade", "sw for kayden", "cl tash".
LOWER_BEFORE = {"with", "w", "asked", "told", "rang", "phoned", "texted", "emailed",
                "messaged", "met", "visited", "saw", "called", "named", "client", "cl", "yp",
                "re", "for", "about", "and", "&", "+", "mentee", "pupil", "son", "daughter",
                "brother", "sister", "nephew", "niece", "grandson", "granddaughter",
                "helped", "supported", "supporting", "collected", "dropped", "picked",
                "thanked", "reassured", "checked", "caller", "auntie", "aunty", "uncle",
                "pt"}  # fmt: skip
#: Verbs before a name that is also a word ("asked jade"): only these make it a name.
STRONG_BEFORE = {"asked", "told", "rang", "phoned", "texted", "emailed", "messaged", "met",
                 "visited", "called", "named", "client", "cl", "yp", "reassured",
                 "collected", "thanked", "caller", "auntie", "aunty", "uncle", "pt",
                 "re"}  # fmt: skip
#: After a possessive name in lower case ("jade's mum"): a relation or a worker.
RELATION = {"mum", "mam", "mom", "dad", "nan", "nana", "gran", "grandma", "grandad", "sister",
            "brother", "carer", "carers", "sw", "social", "foster", "teacher", "boyfriend",
            "girlfriend", "partner", "baby", "son", "daughter", "kids", "family", "aunt",
            "auntie", "uncle", "cousin", "stepdad", "stepmum", "key", "case", "worker",
            "house", "room", "school", "phone", "bike", "behaviour", "attendance",
            "meeting", "review", "plan", "appt", "appointment", "friend", "friends",
            "mate", "mates", "keyworker", "wife", "husband", "ex", "interpreter",
            "landlord", "placement", "solicitor", "dog", "kid", "child", "children"}  # fmt: skip
#: Name-list words that are everyday words or slang in lower case: never a name so.
LOWER_NEVER = {"baby", "babe", "jan", "max", "min", "mandy", "molly", "charlie", "tina", "henry",
               "billy", "will",
               "may", "can", "bob", "ray", "sue", "van", "don", "pat", "bill", "mark",
               "rose", "jack", "bet", "ada", "hung", "said", "made", "less", "man", "young",
               "else", "line", "sister", "peer", "bell", "case", "hill", "king", "little",
               "long", "love", "page", "son", "sun", "star", "gay", "major", "rich",
               # shorthand no modern dictionary lists: "nat ins", "til", "tri-weekly"
               "nat", "mac", "til", "tri", "ver", "sal", "mal", "mel", "ide", "les",
               "del", "dee", "san", "con", "ras", "nas", "ora"}  # fmt: skip
