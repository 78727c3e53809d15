using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Disputes.Staff;

public sealed class PartyForm
{
    public PartyKind Kind { get; set; } = PartyKind.Person;
    public PartyRole Role { get; set; } = PartyRole.Applicant;
    public string? Name { get; set; }
    public string? IdNumber { get; set; }
    public string? Phone { get; set; }
    public string? Address { get; set; }
    public string? CreditCode { get; set; }
    public string? Representative { get; set; }
}

public sealed class RegisterForm
{
    public string? Title { get; set; }
    public DisputeType Type { get; set; } = DisputeType.Neighbour;
    public DisputeSource Source { get; set; } = DisputeSource.Application;
    public string? SourceNote { get; set; }
    public string? Facts { get; set; }
    public int? AreaId { get; set; }
    public string? Address { get; set; }
    public long? AppealId { get; set; }
    public List<PartyForm> Parties { get; set; } = [];
}

/// <summary>受理登记: the form re-shows with every error beside its field; nothing is saved until all is right.</summary>
[Authorize(Policy = DisputePermissions.Register)]
public sealed class NewModel(RegisterDispute register, DisputeWorkflow workflow) : PageModel
{
    [BindProperty] public RegisterForm Form { get; set; } = new();
    public IReadOnlyList<(int Id, string Name)> Areas { get; private set; } = [];

    public async Task OnGetAsync(long? appealId, CancellationToken ct)
    {
        Form.AppealId = appealId;
        if (appealId is not null) Form.Source = DisputeSource.Appeal;
        Form.Parties = [new PartyForm { Role = PartyRole.Applicant }, new PartyForm { Role = PartyRole.Respondent }, new PartyForm { Role = PartyRole.Respondent }];
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var parties = Form.Parties.Where(p => !string.IsNullOrWhiteSpace(p.Name) || !string.IsNullOrWhiteSpace(p.IdNumber) || !string.IsNullOrWhiteSpace(p.Phone)).ToList();
        try
        {
            var result = await register.HandleAsync(new RegisterDisputeRequest(Form.Title, Form.Type, Form.Source, Form.SourceNote, Form.Facts, null,
                Form.AreaId, Form.Address, parties.Select(p => new PartyInput(p.Kind, p.Role, p.Name, p.IdNumber, p.Phone, p.Address, p.CreditCode, p.Representative)).ToList(),
                Form.AppealId), ct);
            return Redirect($"/Disputes/{result.Id}");
        }
        catch (ValidationFailedException e)
        {
            foreach (var (field, messages) in e.Errors)
                foreach (var m in messages) ModelState.AddModelError(FieldName(field, parties), m);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        workflow.Db.ChangeTracker.Clear();
        while (Form.Parties.Count < 2) Form.Parties.Add(new PartyForm { Role = Form.Parties.Count == 0 ? PartyRole.Applicant : PartyRole.Respondent });
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Maps "parties[1].idNumber" of the filtered list back to the form's row.</summary>
    private string FieldName(string field, List<PartyForm> sent)
    {
        // Errors without a field of their own on the form (the parties as a whole, the converted appeal) go to the summary.
        if (!field.StartsWith("parties[", StringComparison.Ordinal)) return field is "parties" or "appealId" ? "" : $"Form.{char.ToUpperInvariant(field[0])}{field[1..]}";
        var close = field.IndexOf(']', StringComparison.Ordinal);
        var index = int.Parse(field[8..close], System.Globalization.CultureInfo.InvariantCulture);
        var row = index < sent.Count ? Form.Parties.IndexOf(sent[index]) : index;
        var prop = field[(close + 2)..];
        return $"Form.Parties[{row}].{char.ToUpperInvariant(prop[0])}{prop[1..]}";
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var rows = await workflow.Db.Areas.Where(a => a.Level == Places.AreaLevel.Community || a.Level == Places.AreaLevel.Grid)
            .OrderBy(a => a.AreaPath).Select(a => new { a.Id, a.Name, a.Level }).Take(500).ToListAsync(ct);
        Areas = rows.Select(a => (a.Id, a.Level == Places.AreaLevel.Grid ? "　" + a.Name : a.Name)).ToList();
        var own = await workflow.Db.Users.Where(u => u.Id == workflow.User.UserId).Select(u => (int?)u.AreaId).FirstOrDefaultAsync(ct);
        if (Form.AreaId is null && own is { } areaId && rows.Any(r => r.Id == areaId)) Form.AreaId = areaId;
    }
}
