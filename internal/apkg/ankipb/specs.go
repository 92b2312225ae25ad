package ankipb

// The fields of Anki's schema 18 messages (proto/anki/*.proto) and the
// schema 11 JSON keys they hold (rslib/src/*/schema11.rs).

// notetypeSpecs: Notetype.Config, but its card requirements (8, messages).
var notetypeSpecs = []pbSpec{
	{1, "type", pbInt},              // kind: 0 normal, 1 cloze
	{2, "sortf", pbUint},            // sort_field_idx
	{3, "css", pbString},            // css
	{4, "did", pbInt},               // target_deck_id_unused (0: null)
	{5, "latexPre", pbString},       // latex_pre
	{6, "latexPost", pbString},      // latex_post
	{7, "latexsvg", pbBool},         // latex_svg
	{9, "originalStockKind", pbInt}, // original_stock_kind
	{10, "originalId", pbOptInt},    // original_id
}

// notetypeReserved: the keys Anki keeps out of Notetype.Config.other.
var notetypeReserved = keySet("latexPost", "flds", "css", "originalStockKind", "originalId", "id", "usn", "mod",
	"req", "latexPre", "name", "did", "tmpls", "type", "sortf", "latexsvg")

// fieldSpecs: Notetype.Field.Config.
var fieldSpecs = []pbSpec{
	{1, "sticky", pbBool},
	{2, "rtl", pbBool},
	{3, "font", pbString},
	{4, "size", pbUint},
	{5, "description", pbString},
	{6, "plainText", pbBool},
	{7, "collapsed", pbBool},
	{8, "excludeFromSearch", pbBool},
	{9, "id", pbOptInt},
	{10, "tag", pbOptUint},
	{11, "preventDeletion", pbBool},
}

var fieldReserved = keySet("name", "ord", "sticky", "rtl", "plainText", "font", "size", "collapsed", "description",
	"excludeFromSearch", "id", "tag", "preventDeletion")

// templateSpecs: Notetype.Template.Config.
var templateSpecs = []pbSpec{
	{1, "qfmt", pbString},
	{2, "afmt", pbString},
	{3, "bqfmt", pbString},
	{4, "bafmt", pbString},
	{5, "did", pbInt}, // target_deck_id (0: null)
	{6, "bfont", pbString},
	{7, "bsize", pbUint},
	{8, "id", pbOptInt},
}

var templateReserved = keySet("name", "ord", "did", "afmt", "bafmt", "qfmt", "bqfmt", "bfont", "bsize", "id")

// deckCommonSpecs: Deck.Common; the four "today" pairs of schema 11 are
// made of last_day_studied (3) and the amounts, which deckToday writes.
var deckCommonSpecs = []pbSpec{
	{1, "collapsed", pbBool},        // study_collapsed
	{2, "browserCollapsed", pbBool}, // browser_collapsed
}

// deckNormalSpecs: Deck.Normal, but its day limits (8, 9, messages) and
// desired retention (10, a fraction where schema 11 has a percentage).
var deckNormalSpecs = []pbSpec{
	{1, "conf", pbInt},       // config_id
	{2, "extendNew", pbUint}, // extend_new
	{3, "extendRev", pbUint}, // extend_review
	{4, "desc", pbString},    // description
	{5, "md", pbBool},        // markdown_description (schema 11 writes it only when true)
	{6, "reviewLimit", pbOptUint},
	{7, "newLimit", pbOptUint},
}

// deckFilteredSpecs: Deck.Filtered, but its search terms (2, messages).
var deckFilteredSpecs = []pbSpec{
	{1, "resched", pbBool},
	{3, "delays", pbFloats}, // schema 11 writes null when there are none
	{4, "previewDelay", pbUint},
	{5, "previewHardSecs", pbUint},
	{6, "previewGoodSecs", pbUint},
	{7, "previewAgainSecs", pbUint},
}

// dayLimitSpecs: Deck.Normal.DayLimit.
var dayLimitSpecs = []pbSpec{{1, "limit", pbUint}, {2, "today", pbUint}}

// searchTermSpecs: Deck.Filtered.SearchTerm, a [search, limit, order]
// triple in schema 11.
var searchTermSpecs = []pbSpec{{1, "search", pbString}, {2, "limit", pbUint}, {3, "order", pbInt}}

// deckReserved: the keys Anki keeps out of Deck.Common.other (its list,
// and the keys it reads into a filtered deck's fields).
var deckReserved = keySet("usn", "revToday", "newLimit", "dyn", "reviewLimit", "newToday", "timeToday",
	"reviewLimitToday", "extendNew", "mod", "newLimitToday", "desc", "name", "lrnToday", "conf", "browserCollapsed",
	"extendRev", "id", "collapsed", "desiredRetention", "md", "return")

// filteredReserved: the keys a filtered deck's fields hold.
var filteredReserved = keySet("resched", "terms", "separate", "delays", "previewDelay", "previewAgainSecs",
	"previewHardSecs", "previewGoodSecs")

// deckConfigSpecs: DeckConfig.Config, but the initial ease (11, a factor
// where schema 11 has permille), the graduating intervals (18, 19: the
// new.ints pair), the insert order (20: new.order the other way round)
// and the timer (25: a bool where schema 11 has 0 or 1).
var deckConfigSpecs = []pbSpec{
	{1, "new.delays", pbFloats},   // learn_steps
	{2, "lapse.delays", pbFloats}, // relearn_steps
	{3, "fsrsWeights", pbFloats},  // fsrs_params_4
	{4, "easyDaysPercentages", pbFloats},
	{5, "fsrsParams5", pbFloats},
	{6, "fsrsParams6", pbFloats},
	{9, "new.perDay", pbUint},
	{10, "rev.perDay", pbUint},
	{12, "rev.ease4", pbFloat}, // easy_multiplier
	{13, "rev.hardFactor", pbFloat},
	{14, "lapse.mult", pbFloat}, // lapse_multiplier
	{15, "rev.ivlFct", pbFloat}, // interval_multiplier
	{16, "rev.maxIvl", pbUint},
	{17, "lapse.minInt", pbUint},
	{21, "lapse.leechAction", pbInt},
	{22, "lapse.leechFails", pbUint},
	{23, "autoplay", pbNotBool}, // disable_autoplay
	{24, "maxTaken", pbUint},    // cap_answer_time_to_secs
	{26, "replayq", pbNotBool},  // skip_question_when_replaying_answer
	{27, "new.bury", pbBool},
	{28, "rev.bury", pbBool},
	{29, "buryInterdayLearning", pbBool},
	{30, "newMix", pbInt},
	{31, "interdayLearningMix", pbInt},
	{32, "newSortOrder", pbInt},
	{33, "reviewOrder", pbInt},
	{34, "newGatherPriority", pbInt},
	{35, "newPerDayMinimum", pbUint},
	{36, "questionAction", pbInt},
	{37, "desiredRetention", pbFloat},
	{38, "stopTimerOnAnswer", pbBool},
	{40, "sm2Retention", pbFloat}, // historical_retention
	{41, "secondsToShowQuestion", pbFloat},
	{42, "secondsToShowAnswer", pbFloat},
	{43, "answerAction", pbInt},
	{44, "waitForAudio", pbBool},
	{45, "weightSearch", pbString}, // param_search
	{46, "ignoreRevlogsBeforeDate", pbString},
}

// Deck option group fields deckConfigSpecs leaves to code.
const (
	dcInitialEase  = 11
	dcGraduateGood = 18
	dcGraduateEasy = 19
	dcInsertOrder  = 20
	dcShowTimer    = 25
)

// The keys Anki keeps out of DeckConfig.Config.other, at the top and in
// the new, rev and lapse sections.
var (
	deckConfigReserved = keySet("id", "newSortOrder", "replayq", "newPerDayMinimum", "usn", "autoplay", "dyn",
		"maxTaken", "reviewOrder", "buryInterdayLearning", "newMix", "mod", "timer", "name", "interdayLearningMix",
		"newGatherPriority", "fsrsWeights", "fsrsParams5", "fsrsParams6", "desiredRetention", "stopTimerOnAnswer",
		"secondsToShowQuestion", "secondsToShowAnswer", "questionAction", "answerAction", "waitForAudio",
		"sm2Retention", "weightSearch", "ignoreRevlogsBeforeDate", "easyDaysPercentages", "new", "rev", "lapse")
	deckConfigSectionReserved = map[string]map[string]bool{
		"new":   keySet("order", "delays", "bury", "perDay", "initialFactor", "ints"),
		"rev":   keySet("maxIvl", "hardFactor", "ease4", "ivlFct", "perDay", "bury"),
		"lapse": keySet("leechFails", "mult", "leechAction", "delays", "minInt"),
	}
)
