namespace Party.Members.Application;

/// <summary>
/// The <c>entity</c> of the audit entries (全程记实) this service writes: the audit endpoints filter by it, and a member's
/// history gathers its record, development and sanctions by it. Set-based SQL in <c>Jobs/</c> and <c>Consumers/</c> writes
/// the same names.
/// </summary>
public static class AuditEntities
{
    public const string Member = "member";
    public const string Development = "development";
    public const string Sanction = "sanction";
    public const string CalendarDay = "calendar_day";
    public const string PointsRules = "points_rules";
    public const string PointsTemplate = "points_template";
    public const string PointsScheme = "points_scheme";
    public const string PointsEntry = "points_entry";
    public const string PointsHalfYear = "points_half_year";
    public const string PointsAppeal = "points_appeal";
    public const string PointsFollowUp = "points_follow_up";
    public const string Pledge = "pledge";
    public const string CareCard = "care_card";
    public const string StoreItem = "store_item";
    public const string RuralPost = "rural_post";
    public const string RuralMobileContact = "rural_mobile_contact";
    public const string RuralThoughtReport = "rural_thought_report";
    public const string RuralVisit = "rural_visit";
    public const string TrainingSession = "training_session";
}
