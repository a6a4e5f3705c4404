using Party.Members.Domain.Development;
using Party.Members.Domain.Identity;

namespace Party.Members.Domain.Members;

/// <summary>The personal and stage data of a record as entered on a form or a row of the county's sheet.</summary>
public sealed record MemberInput
{
    public string? Name { get; init; }
    public string? Ethnicity { get; init; }
    public string? CitizenId { get; init; }
    public string? Education { get; init; }
    public string? Mobile { get; init; }
    public MemberStage? Stage { get; init; }
    public RuralCategory? RuralCategory { get; init; }
    public MemberStatus? Status { get; init; }
    public DateOnly? AppliedOn { get; init; }
    public DateOnly? ActivistOn { get; init; }
    public DateOnly? CandidateOn { get; init; }
    public DateOnly? ProbationaryOn { get; init; }
    public DateOnly? FullOn { get; init; }
    public string? NativePlace { get; init; }
    public string? WorkUnit { get; init; }
    public string? Notes { get; init; }
}

/// <summary>Field checks of a member record (§2 citizen ID and mobile rules, stage dates in order). Pure.</summary>
public static class MemberInputRules
{
    /// <summary>Statuses a record may start in; the others come from their own commands.</summary>
    public static bool IsInitialStatus(MemberStatus s) => s is MemberStatus.Active or MemberStatus.Mobile or MemberStatus.LostContact;

    /// <summary>
    /// Every problem as (field, Chinese message); empty when the input is acceptable. <paramref name="isNew"/> checks stage and status too.
    /// </summary>
    public static List<(string Field, string Message)> Check(MemberInput x, DateOnly today, bool isNew)
    {
        var errors = new List<(string, string)>();
        void Check(bool ok, string field, string message) { if (!ok) errors.Add((field, message)); }

        Check(!string.IsNullOrWhiteSpace(x.Name) && x.Name.Trim().Length <= 100, "name", "姓名必填，最多 100 字。");
        Check(!string.IsNullOrWhiteSpace(x.Ethnicity) && x.Ethnicity.Trim().Length <= 30, "ethnicity", "民族必填，最多 30 字。");
        if (CitizenIdCheck(x.CitizenId, today) is { } idError) errors.Add(("citizenId", idError));
        Check(string.IsNullOrEmpty(x.Mobile) || MobileNumber.IsValid(x.Mobile), "mobile", "手机号码应为以 13–19 开头的 11 位数字。");
        Check((x.Education?.Length ?? 0) <= 50, "education", "学历最多 50 字。");
        Check((x.NativePlace?.Length ?? 0) <= 100, "nativePlace", "籍贯最多 100 字。");
        Check((x.WorkUnit?.Length ?? 0) <= 200, "workUnit", "工作单位及职务最多 200 字。");
        Check((x.Notes?.Length ?? 0) <= 2000, "notes", "备注最多 2000 字。");
        if (!isNew) return errors;

        var stage = x.Stage ?? MemberStage.Applicant;
        Check(x.Status is null || IsInitialStatus(x.Status.Value), "status", "新建记录的状态只能是正常、流动或失联。");
        // The date of the stage the person is in is required; earlier ones are kept when known.
        var dates = new (MemberStage Stage, DateOnly? On, string Field)[]
        {
            (MemberStage.Applicant, x.AppliedOn, "appliedOn"), (MemberStage.Activist, x.ActivistOn, "activistOn"),
            (MemberStage.Candidate, x.CandidateOn, "candidateOn"), (MemberStage.Probationary, x.ProbationaryOn, "probationaryOn"),
            (MemberStage.Full, x.FullOn, "fullOn"),
        };
        DateOnly? previous = null;
        foreach (var (s, on, field) in dates)
        {
            if (s == stage) Check(on is not null, field, $"当前阶段为{DevelopmentGuards.StageName(s)}，须填写该阶段日期。");
            if (s > stage) Check(on is null, field, $"当前阶段尚未到{DevelopmentGuards.StageName(s)}，不应填写该日期。");
            if (on is { } d)
            {
                Check(d <= today, field, "日期不能晚于今天。");
                Check(previous is null || d >= previous, field, "各阶段日期须按先后顺序。");
                previous = d;
            }
        }
        return errors;
    }

    public static string? CitizenIdCheck(string? id, DateOnly today)
    {
        CitizenId.TryParse(id, today, out var error);
        return error;
    }

    /// <summary>Copies the personal fields; birth date and sex always come from the citizen ID.</summary>
    public static void ApplyPersonal(Member m, MemberInput x, CitizenIdInfo id)
    {
        m.Name = x.Name!.Trim();
        m.Ethnicity = x.Ethnicity!.Trim();
        m.CitizenId = id.Normalized;
        m.BirthDate = id.BirthDate;
        m.Sex = id.Sex;
        m.Education = Blank(x.Education);
        m.Mobile = Blank(x.Mobile);
        m.NativePlace = Blank(x.NativePlace);
        m.WorkUnit = Blank(x.WorkUnit);
        m.Notes = Blank(x.Notes);
        m.RuralCategory = x.RuralCategory;
    }

    public static void ApplyStage(Member m, MemberInput x)
    {
        m.Stage = x.Stage ?? MemberStage.Applicant;
        m.Status = x.Status ?? MemberStatus.Active;
        m.AppliedOn = x.AppliedOn;
        m.ActivistOn = x.ActivistOn;
        m.CandidateOn = x.CandidateOn;
        m.ProbationaryOn = x.ProbationaryOn;
        m.ProbationEndsOn = x.ProbationaryOn is { } p ? DevelopmentGuards.ProbationEnd(p) : null;
        m.FullOn = x.FullOn;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
