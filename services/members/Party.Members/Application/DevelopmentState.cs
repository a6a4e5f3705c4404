using Microsoft.EntityFrameworkCore;
using Party.Members.Apis;
using Party.Members.Data;
using Party.Members.Domain.Development;
using Party.Members.Domain.Members;
using Party.Members.Domain.Training;

namespace Party.Members.Application;

/// <summary>
/// A person's development pipeline (发展党员, §3.2) as read from the database: the facts its guards decide on, and the
/// description the endpoints answer with (including the next step and the guard that blocks it).
/// </summary>
public static class DevelopmentState
{
    public static async Task<DevelopmentFacts> FactsAsync(MembersDbContext db, Member member, CancellationToken ct)
    {
        var record = await db.Set<DevelopmentRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.MemberId == member.Id, ct)
            ?? new DevelopmentRecord { MemberId = member.Id };
        var votes = await db.Set<DevelopmentVote>().AsNoTracking().Where(v => v.MemberId == member.Id).ToListAsync(ct);
        // The latest notice decides; an earlier one that was superseded does not count.
        var notice = await db.Set<PublicNotice>().AsNoTracking().Where(n => n.MemberId == member.Id).OrderByDescending(n => n.StartsOn)
            .ThenByDescending(n => n.RecordedAt).FirstOrDefaultAsync(ct);
        var openObjections = await db.Set<NoticeObjection>().CountAsync(o => o.MemberId == member.Id && o.ResolvedOn == null, ct);
        var introducerStages = await (from i in db.Set<Introducer>() join m in db.Set<Member>() on i.IntroducerId equals m.Id
            where i.MemberId == member.Id && (m.Status == MemberStatus.Active || m.Status == MemberStatus.Mobile) select m.Stage)
                .ToListAsync(ct);
        var standings = await db.StandingsAsync(member.Id, ct);
        return new DevelopmentFacts
        {
            Member = member,
            Recommendation = record.Recommendation,
            HasTrainingRecord = await HasTrainingRecordAsync(db, member.Id, ct),
            MemberAppraisalRecorded = record.MemberAppraisalOn is not null,
            PublicAppraisalRecorded = record.PublicAppraisalOn is not null,
            PoliticalReviewPassed = record.PoliticalReviewPassed == true,
            NoticeEndsOn = notice?.EndsOn,
            OpenObjections = openObjections,
            // The latest vote of each purpose decides (a failed vote may be held again).
            AdmissionVote = votes.Where(v => v.Purpose == VotePurpose.Admission).OrderByDescending(v => v.HeldOn)
                .ThenByDescending(v => v.RecordedAt).FirstOrDefault()?.Counts,
            FullMembershipVote = votes.Where(v => v.Purpose == VotePurpose.FullMembership).OrderByDescending(v => v.HeldOn)
            .ThenByDescending(v => v.RecordedAt).FirstOrDefault()?.Counts,
            IntroducerStages = introducerStages,
            LastAssessment = standings.Last,
        };
    }

    public static async Task<DevelopmentResponse> DescribeAsync(MembersDbContext db, Member m, DateOnly today, CancellationToken ct)
    {
        var facts = await FactsAsync(db, m, ct);
        var record = await db.Set<DevelopmentRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.MemberId == m.Id, ct)
            ?? new DevelopmentRecord { MemberId = m.Id };
        var introducers = await (from i in db.Set<Introducer>() join x in db.Set<Member>() on i.IntroducerId equals x.Id
            where i.MemberId == m.Id orderby i.RecordedAt select new IntroducerResponse(x.Id, x.Name, x.Stage)).ToListAsync(ct);
        var votes = await db.Set<DevelopmentVote>().AsNoTracking().Where(v => v.MemberId == m.Id).OrderBy(v => v.HeldOn)
            .ThenBy(v => v.RecordedAt).ToListAsync(ct);
        var notices = await db.Set<PublicNotice>().AsNoTracking().Include(n => n.Objections).Where(n => n.MemberId == m.Id)
            .OrderBy(n => n.StartsOn).ToListAsync(ct);
        (MemberStage Target, GuardFailure? Failure)? next = m.Stage switch
        {
            MemberStage.Applicant => (MemberStage.Activist, DevelopmentGuards.ToActivist(facts, today)),
            MemberStage.Activist => (MemberStage.Candidate, DevelopmentGuards.ToCandidate(facts, today)),
            MemberStage.Candidate => (MemberStage.Probationary, DevelopmentGuards.ToProbationary(facts, today)),
            MemberStage.Probationary => (MemberStage.Full, DevelopmentGuards.ToFull(facts, today)),
            _ => null,
        };
        return new DevelopmentResponse(m.Id, m.Name, m.Stage, m.Status, m.PriorityCandidate, m.AppliedOn, m.ActivistOn, m.CandidateOn,
            m.ProbationaryOn,
            m.ProbationEndsOn, m.ProbationExtendedMonths, m.FullOn, record.Recommendation, record.RecommendedOn, record.RecommendationNote,
            record.MemberAppraisalOn, record.MemberAppraisal, record.PublicAppraisalOn, record.PublicAppraisal,
            record.PoliticalReviewPassed, record.PoliticalReviewOn, record.PoliticalReviewNote, facts.HasTrainingRecord, introducers,
            votes.Select(v => new VoteResponse(v.Id, v.Purpose, v.HeldOn, v.EntitledToVote, v.Yes, v.No, v.Abstain, v.Counts.Passed))
            .ToList(),
            notices.Select(n => new NoticeResponse(n.Id, n.StartsOn, n.EndsOn, n.Content,
                n.Objections.OrderBy(o => o.FiledOn)
                .Select(o => new ObjectionResponse(o.Id, o.FiledOn, o.FiledBy, o.Content, o.ResolvedOn, o.Resolution)).ToList())).ToList(),
            next is { } n2 ? new NextStepResponse(n2.Target, n2.Failure is null, n2.Failure?.Guard, n2.Failure?.Detail) : null);
    }


    /// <summary>Whether a training record (培训/轮训, §3.7) exists for the person; a guard input of activist → candidate.</summary>
    public static Task<bool> HasTrainingRecordAsync(MembersDbContext db, Guid memberId, CancellationToken ct) =>
        db.Set<TrainingRecord>().AnyAsync(t => t.MemberId == memberId, ct);
}
