using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddDisputes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DisputeCases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceNote = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AppealId = table.Column<long>(type: "INTEGER", nullable: true),
                    AppealNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Facts = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BuildingId = table.Column<int>(type: "INTEGER", nullable: true),
                    AreaId = table.Column<int>(type: "INTEGER", nullable: false),
                    AreaPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IsSample = table.Column<bool>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Tier = table.Column<int>(type: "INTEGER", nullable: false),
                    ProfessionalBody = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Risk = table.Column<int>(type: "INTEGER", nullable: true),
                    RiskNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    SuitableForMediation = table.Column<bool>(type: "INTEGER", nullable: true),
                    LeadMediatorUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    LeadMediatorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RegisteredByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    RegisteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RegisteredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ExtendedDays = table.Column<int>(type: "INTEGER", nullable: false),
                    AssessedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    MediationStartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OutcomeAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OutcomeTier = table.Column<int>(type: "INTEGER", nullable: true),
                    FollowedUpAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Referral = table.Column<int>(type: "INTEGER", nullable: true),
                    ReferralNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    OralAgreement = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    AgreementEffectiveOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    JudicialDeadlineOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Judicial = table.Column<int>(type: "INTEGER", nullable: false),
                    JudicialAppliedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    JudicialCourt = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    JudicialResultOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    JudicialNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Performance = table.Column<int>(type: "INTEGER", nullable: true),
                    ClosingNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SearchText = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisputeCases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DisputeAgreements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    Facts = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Matters = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Responsibilities = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Terms = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    PerformanceManner = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    PerformanceDeadline = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DraftedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinalisedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SignedScanSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisputeAgreements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DisputeAgreements_DisputeCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "DisputeCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DisputeAlerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    NotifiedUsers = table.Column<int>(type: "INTEGER", nullable: false),
                    SmsQueued = table.Column<bool>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisputeAlerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DisputeAlerts_DisputeCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "DisputeCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DisputeAttachments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisputeAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DisputeAttachments_DisputeCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "DisputeCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DisputeConflicts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Relation = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisputeConflicts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DisputeConflicts_DisputeCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "DisputeCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DisputeEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    FromState = table.Column<int>(type: "INTEGER", nullable: true),
                    ToState = table.Column<int>(type: "INTEGER", nullable: false),
                    Tier = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ActorUserId = table.Column<string>(type: "TEXT", nullable: true),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ActorUnit = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisputeEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DisputeEvents_DisputeCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "DisputeCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DisputeExtensions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    Days = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    PreviousDueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    NewDueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisputeExtensions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DisputeExtensions_DisputeCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "DisputeCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DisputeMediators",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IsLead = table.Column<bool>(type: "INTEGER", nullable: false),
                    Tier = table.Column<int>(type: "INTEGER", nullable: false),
                    AssignedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisputeMediators", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DisputeMediators_DisputeCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "DisputeCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DisputeParties",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Gender = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    BirthYear = table.Column<int>(type: "INTEGER", nullable: true),
                    IdNumberCipher = table.Column<string>(type: "TEXT", nullable: true),
                    IdNumberHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    IdNumberMasked = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    PhoneCipher = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PhoneMasked = table.Column<string>(type: "TEXT", maxLength: 11, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreditCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    Representative = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ResidentId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisputeParties", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DisputeParties_DisputeCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "DisputeCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DisputeSessions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Place = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Mode = table.Column<int>(type: "INTEGER", nullable: false),
                    Attendees = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Record = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Tier = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisputeSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DisputeSessions_DisputeCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "DisputeCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DisputeSummonses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    DepartmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    DepartmentName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SessionAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    SummonedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SummonedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AcknowledgedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisputeSummonses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DisputeSummonses_DisputeCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "DisputeCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DisputeVisits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    PlannedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ScheduledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    VisitedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    VisitedWith = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Performance = table.Column<int>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisputeVisits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DisputeVisits_DisputeCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "DisputeCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DisputeAgreements_CaseId",
                table: "DisputeAgreements",
                column: "CaseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DisputeAlerts_CaseId",
                table: "DisputeAlerts",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_DisputeAttachments_CaseId",
                table: "DisputeAttachments",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_DisputeCases_AppealId",
                table: "DisputeCases",
                column: "AppealId");

            migrationBuilder.CreateIndex(
                name: "IX_DisputeCases_AreaPath",
                table: "DisputeCases",
                column: "AreaPath");

            migrationBuilder.CreateIndex(
                name: "IX_DisputeCases_JudicialDeadlineOn",
                table: "DisputeCases",
                column: "JudicialDeadlineOn");

            migrationBuilder.CreateIndex(
                name: "IX_DisputeCases_LeadMediatorUserId",
                table: "DisputeCases",
                column: "LeadMediatorUserId");

            migrationBuilder.CreateIndex(
                name: "IX_DisputeCases_Number",
                table: "DisputeCases",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DisputeCases_State_RegisteredOn",
                table: "DisputeCases",
                columns: new[] { "State", "RegisteredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_DisputeConflicts_CaseId",
                table: "DisputeConflicts",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_DisputeEvents_CaseId_At",
                table: "DisputeEvents",
                columns: new[] { "CaseId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_DisputeExtensions_CaseId",
                table: "DisputeExtensions",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_DisputeMediators_CaseId",
                table: "DisputeMediators",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_DisputeMediators_UserId_EndedAt",
                table: "DisputeMediators",
                columns: new[] { "UserId", "EndedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DisputeParties_CaseId",
                table: "DisputeParties",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_DisputeParties_IdNumberHash",
                table: "DisputeParties",
                column: "IdNumberHash");

            migrationBuilder.CreateIndex(
                name: "IX_DisputeSessions_CaseId",
                table: "DisputeSessions",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_DisputeSummonses_CaseId",
                table: "DisputeSummonses",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_DisputeSummonses_DepartmentId_AcknowledgedAt",
                table: "DisputeSummonses",
                columns: new[] { "DepartmentId", "AcknowledgedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DisputeVisits_CaseId",
                table: "DisputeVisits",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_DisputeVisits_PlannedOn_VisitedOn",
                table: "DisputeVisits",
                columns: new[] { "PlannedOn", "VisitedOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DisputeAgreements");

            migrationBuilder.DropTable(
                name: "DisputeAlerts");

            migrationBuilder.DropTable(
                name: "DisputeAttachments");

            migrationBuilder.DropTable(
                name: "DisputeConflicts");

            migrationBuilder.DropTable(
                name: "DisputeEvents");

            migrationBuilder.DropTable(
                name: "DisputeExtensions");

            migrationBuilder.DropTable(
                name: "DisputeMediators");

            migrationBuilder.DropTable(
                name: "DisputeParties");

            migrationBuilder.DropTable(
                name: "DisputeSessions");

            migrationBuilder.DropTable(
                name: "DisputeSummonses");

            migrationBuilder.DropTable(
                name: "DisputeVisits");

            migrationBuilder.DropTable(
                name: "DisputeCases");
        }
    }
}
