using Party.Members.Domain.Points;

namespace Party.Members.Tests.Points;

public class MeetingAbsenceTests
{
    [Theory]
    [InlineData("generalMeeting", "第二季度党员大会", "2026-04-15 第二季度党员大会（支部党员大会）无故缺席")]
    [InlineData("committeeMeeting", "研究发展党员", "2026-04-15 研究发展党员（支部委员会）无故缺席")]
    [InlineData("groupMeeting", "学习讨论", "2026-04-15 学习讨论（党小组会）无故缺席")]
    [InlineData("partyLecture", "书记讲党课", "2026-04-15 书记讲党课 无故缺席")]              // the topic names the kind already
    [InlineData("themePartyDay", "2026年4月主题党日", "2026-04-15 2026年4月主题党日 无故缺席")]
    [InlineData("themePartyDay", "清理河道", "2026-04-15 清理河道（主题党日）无故缺席")]
    [InlineData("somethingNew", "清理河道", "2026-04-15 清理河道（组织生活）无故缺席")]          // a kind added later: no code shown
    public void The_description_names_the_meeting_kind_in_chinese(string kind, string topic, string expected) =>
        Assert.Equal(expected, MeetingAbsence.Description(new DateOnly(2026, 4, 15), topic, kind));
}
