namespace Party.ResidentCadres.Domain.Attendance;

/// <summary>One cadre's line of a closed month, as it was at close.</summary>
public sealed class AttendanceMonth
{
    public Guid CloseId { get; set; }
    public Guid CadreId { get; set; }
    public Guid VillageId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public int AssignedDays { get; set; }
    public int InVillageDays { get; set; }
    public int RequiredDays { get; set; }
    public bool Compliant { get; set; }
    public int Violations { get; set; }
}
