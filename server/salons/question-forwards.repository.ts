import type { Db, TransactionalWrite } from "../db/prisma.js";

/** A salon question as it waits in an expert's inbox. */
export interface ForwardedQuestion {
  salonId: number;
  salonTitle: string;
  questionId: number;
  text: string;
  status: string;
  forwardedAt: Date;
}

/** Unanswered salon questions forwarded to experts. */
export class QuestionForwardsRepository {
  constructor(private readonly db: Db) {}

  /**
   * False when the question was already forwarded to this expert. `alsoWrite` (the forward's
   * email) commits with the forward or not at all.
   */
  async create(
    input: {
      salonId: number;
      questionId: number;
      expertId: number;
      forwardedById: number;
    },
    alsoWrite: TransactionalWrite | null = null,
  ): Promise<boolean> {
    const existing = await this.db.salonQuestionForward.findUnique({
      where: {
        salonId_questionId_expertId: {
          salonId: input.salonId,
          questionId: input.questionId,
          expertId: input.expertId,
        },
      },
    });
    if (existing) return false;
    await this.db.$transaction(async (tx) => {
      await tx.salonQuestionForward.create({ data: input });
      await alsoWrite?.(tx);
    });
    return true;
  }

  async forExpert(expertId: number): Promise<ForwardedQuestion[]> {
    const rows = await this.db.salonQuestionForward.findMany({
      where: { expertId },
      orderBy: { id: "desc" },
      include: { question: { include: { salon: { select: { title: true } } } } },
    });
    return rows.map((row) => ({
      salonId: row.salonId,
      salonTitle: row.question.salon.title,
      questionId: row.questionId,
      text: row.question.text,
      status: row.question.status,
      forwardedAt: row.createdAt,
    }));
  }
}
