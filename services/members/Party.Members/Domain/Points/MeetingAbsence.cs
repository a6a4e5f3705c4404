namespace Party.Members.Domain.Points;

/// <summary>
/// How an absence deduction (无故缺席) proposed from a branch meeting reads in the township's review queue: the day, the
/// topic and the meeting's kind in Chinese — a clerk cannot act on an event code such as <c>themePartyDay</c>.
/// </summary>
public static class MeetingAbsence
{
    /// <summary>The kinds of 三会一课 meetings by their event codes (<c>BranchMeetingHeld.Kind</c>).</summary>
    public static string KindName(string kind) => kind switch
    {
        "generalMeeting" => "支部党员大会",
        "committeeMeeting" => "支部委员会",
        "groupMeeting" => "党小组会",
        "partyLecture" => "党课",
        "themePartyDay" => "主题党日",
        _ => "组织生活",
    };

    /// <summary>The entry's description; the kind is left out when the topic already names it ("11月主题党日").</summary>
    public static string Description(DateOnly heldOn, string topic, string kind)
    {
        var name = KindName(kind);
        return topic.Contains(name, StringComparison.Ordinal)
            ? $"{heldOn:yyyy-MM-dd} {topic} 无故缺席"
            : $"{heldOn:yyyy-MM-dd} {topic}（{name}）无故缺席";
    }
}
