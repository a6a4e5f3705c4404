namespace Party.ResidentCadres.Domain.Leaves;

public sealed class Leave
{
    public Guid Id { get; set; }
    public Guid CadreId { get; set; }
    public Guid VillageId { get; set; }
    public required string OrgPath { get; set; }
    public LeaveKind Kind { get; set; }
    public DateOnly FromDay { get; set; }
    public DateOnly ToDay { get; set; }
    public required string Reason { get; set; }
    public LeaveStatus Status { get; set; }
    public DateOnly? ReturnedOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public uint RowVersion { get; set; }
}

public sealed class Errand
{
    public Guid Id { get; set; }
    public Guid CadreId { get; set; }
    public Guid VillageId { get; set; }
    public required string OrgPath { get; set; }
    public DateOnly FromDay { get; set; }
    public DateOnly ToDay { get; set; }
    public required string Purpose { get; set; }
    public ErrandStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public uint RowVersion { get; set; }
}
