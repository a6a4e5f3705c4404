using Microsoft.EntityFrameworkCore;
using Party.ResidentCadres.Apis;
using Party.ResidentCadres.Data;
using Party.ResidentCadres.Domain.Stipends;

namespace Party.ResidentCadres.Application;

/// <summary>Stipend statements as the township, the county and the finance bureau read them.</summary>
public static class StatementQueries
{
    /// <summary>The statements with their cadre's name, in the order every list and sheet shows them.</summary>
    public static IQueryable<StatementResponse> Responses(ResidentCadresDbContext db, IQueryable<StipendStatement> statements) =>
        from s in statements
        join c in db.Cadres.AsNoTracking() on s.CadreId equals c.Id
        orderby s.Year, s.Month, c.Name, s.CadreId, s.Kind, s.CreatedAt, s.Id
        select new StatementResponse(s.Id, s.CloseId, s.CadreId, c.Name, s.VillageId, s.Year, s.Month, s.Kind, s.InVillageDays,
            s.RequiredDays, s.Living, s.Transport, s.Communication, s.Total, s.Status, s.PaidAt, s.PaymentReference);
}
