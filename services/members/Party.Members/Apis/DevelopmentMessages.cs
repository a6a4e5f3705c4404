using Party.Members.Domain.Development;
using Party.Members.Domain.Members;
using Party.ServiceDefaults.Problems;

namespace Party.Members.Apis;

// What the development pipeline's endpoints (DevelopmentApi) take and answer.

public sealed record TransitionRequest(DateOnly? On = null, [FreeText] string? Reason = null);
public sealed record RecommendationRequest(RecommendationKind? Kind, DateOnly? On, [FreeText] string? Note = null);
/// <summary>Either appraisal or both; each is a date with its opinion.</summary>
public sealed record AppraisalsRequest(DateOnly? MemberAppraisalOn = null,
    [FreeText, RequiredWhen("memberAppraisalOn")] string? MemberAppraisal = null,
    DateOnly? PublicAppraisalOn = null, [FreeText, RequiredWhen("publicAppraisalOn")] string? PublicAppraisal = null);
public sealed record PoliticalReviewRequest(bool? Passed, DateOnly? On, [FreeText] string? Note = null);
public sealed record IntroducerRequest(Guid? IntroducerId);
public sealed record VoteRequest(VotePurpose? Purpose, DateOnly? HeldOn, int? EntitledToVote, int? Yes, int? No, int? Abstain);
public sealed record PublicNoticeRequest(DateOnly? StartsOn, [FreeText] string? Content = null);
public sealed record ObjectionRequest(string? FiledBy, [FreeText] string? Content, DateOnly? FiledOn = null);
public sealed record ResolveObjectionRequest([FreeText] string? Resolution);
public sealed record ExtendProbationRequest(int? Months, [FreeText] string? Reason);
public sealed record ReasonRequest([FreeText] string? Reason);

public sealed record IntroducerResponse(Guid MemberId, string Name, MemberStage Stage);
public sealed record VoteResponse(Guid Id, VotePurpose Purpose, DateOnly HeldOn, int EntitledToVote, int Yes, int No, int Abstain,
    bool Passed);
public sealed record ObjectionResponse(Guid Id, DateOnly FiledOn, string FiledBy, string Content, DateOnly? ResolvedOn, string? Resolution);
public sealed record NoticeResponse(Guid Id, DateOnly StartsOn, DateOnly EndsOn, string? Content,
    IReadOnlyList<ObjectionResponse> Objections);
public sealed record NextStepResponse(MemberStage Target, bool Allowed, string? FailingGuard, string? Detail);
public sealed record DevelopmentResponse(
    Guid MemberId, string Name, MemberStage Stage, MemberStatus Status, bool PriorityCandidate,
    DateOnly? AppliedOn, DateOnly? ActivistOn, DateOnly? CandidateOn, DateOnly? ProbationaryOn, DateOnly? ProbationEndsOn,
    int? ProbationExtendedMonths, DateOnly? FullOn,
    RecommendationKind? Recommendation, DateOnly? RecommendedOn, string? RecommendationNote,
    DateOnly? MemberAppraisalOn, string? MemberAppraisal, DateOnly? PublicAppraisalOn, string? PublicAppraisal,
    bool? PoliticalReviewPassed, DateOnly? PoliticalReviewOn, string? PoliticalReviewNote, bool HasTrainingRecord,
    IReadOnlyList<IntroducerResponse> Introducers, IReadOnlyList<VoteResponse> Votes, IReadOnlyList<NoticeResponse> Notices,
    NextStepResponse? NextStep);
