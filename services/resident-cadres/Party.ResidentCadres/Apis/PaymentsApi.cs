using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Party.Persistence;
using Party.ResidentCadres.Application;
using Party.ResidentCadres.Domain.Stipends;
using Party.ServiceDefaults.Auth;
using Party.ServiceDefaults.Idempotency;
using Party.ServiceDefaults.Problems;

namespace Party.ResidentCadres.Apis;

public sealed record ConfirmPaymentRequest(string? Reference)
{
    internal void Validate() =>
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(Reference) && Reference.Length <= 200, "reference", "请填写支付凭证号（最多 200 个字符）。")
            .ThrowIfInvalid();
}

/// <summary>The finance bureau's machine client (财政局): reads approved statements and confirms payment.</summary>
public static class PaymentsApi
{
    public const string Scope = "finance.payments";

    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{ApiSupport.Prefix}/payments").WithTags("Payments").RequireScope(Scope);
        group.MapGet("/", List).WithName("ListPayableStatements")
            .Produces<Page<StatementResponse>>().WithExamples(response: new Page<StatementResponse>([ExampleStatement], 1, 50, 1))
            .WithSummary("财政局读取县级审定的补助核算单（status=approved 待支付，paid 已支付；format=xlsx 导出）。");
        group.MapPost("/{id:guid}/confirm", Confirm).WithName("ConfirmPayment").WithNaturalKey("id")
            .WithSummary("财政局确认已支付（须 Idempotency-Key；同一核算单只支付一次，凭证号相同的重复确认返回原记录，不同则 409）。")
            .WithExamples(new ConfirmPaymentRequest("CZ-2026-0401-0007"), ExampleStatement with
            {
                Status = StatementStatus.Paid, PaidAt = new DateTimeOffset(2026, 4, 8, 15, 30, 0, TimeSpan.FromHours(8)),
                PaymentReference = "CZ-2026-0401-0007",
            });
        return app;
    }

    /// <summary>
    /// A first secretary's (第一书记) March statement: 20 of 20 days in the village, living, transport and communication allowances.
    /// </summary>
    private static readonly StatementResponse ExampleStatement = new(Guid.Parse("1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b"),
        Guid.Parse("6c5b4a39-2817-4f6e-9d8c-7b6a59483726"), Guid.Parse("3a4b5c6d-7e8f-4091-a2b3-c4d5e6f7a8b9"), "李文华（第一书记）",
        Guid.Parse("7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d"), 2026, 3, StatementKind.Regular,
        20, 20, 1500m, 600m, 100m, 2200m, StatementStatus.Approved, null, null);

    private static async Task<IResult> List([QueryEnum(typeof(StatementStatus), "approved", "paid")] string? status, int? year, int? month,
        string? format, int? page, int? pageSize, [AsParameters] CadresServices s, CancellationToken ct)
    {
        var paging = Paging.Resolve(page, pageSize);
        var wanted = QueryEnums.Parse<StatementStatus>(status, "status") ?? StatementStatus.Approved;
        if (wanted is not (StatementStatus.Approved or StatementStatus.Paid))
            throw DomainException.Validation(new Dictionary<string, string[]>
            {
                ["status"] = ["财政局只能查看已审定（approved）或已支付（paid）的核算单。"],
            });
        var prefix = await s.CallerPathAsync(ct);
        var statements = s.Db.Statements.AsNoTracking().Where(st => st.OrgPath.StartsWith(prefix) && st.Status == wanted);
        if (year is { } y) statements = statements.Where(st => st.Year == y);
        if (month is { } m) statements = statements.Where(st => st.Month == m);
        var query = StatementQueries.Responses(s.Db, statements);
        if (format == "xlsx") return await ApiSupport.XlsxAsync(await query.ToListAsync(ct), "驻村补助支付清单.xlsx", ct);
        return TypedResults.Ok(await query.ToPageAsync(paging, ct));
    }

    private static async Task<Ok<StatementResponse>> Confirm(Guid id, ConfirmPaymentRequest request, [AsParameters] CadresServices s,
        CancellationToken ct)
    {
        ApiSupport.RequireIdempotencyKey(s.Http);
        request.Validate();
        var prefix = await s.CallerPathAsync(ct);
        await Payments.ConfirmAsync(s.Db, prefix, id, request.Reference!.Trim(), s.User, s.Clock.GetUtcNow(), ct);
        var statement = s.Db.Statements.AsNoTracking().Where(st => st.Id == id);
        return TypedResults.Ok(await StatementQueries.Responses(s.Db, statement).FirstAsync(ct));
    }
}
