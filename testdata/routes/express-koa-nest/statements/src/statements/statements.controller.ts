import { Body, Controller, Delete, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('statements')
@Controller({ path: 'accounts/:accountId/statements', version: '1' })
export class StatementsController {
  constructor(private readonly service: StatementsService) {}

  @Get() // route: GET /api/accounts/{accountId}/statements
  list(@Param('accountId') accountId: string, @Query('month') month: string) {
    return this.service.list(accountId, month);
  }

  @Post('export') // route: POST /api/accounts/{accountId}/statements/export
  @ApiOperation({ summary: '导出对账单' })
  @UseGuards(AuthGuard('jwt'))
  export(@Body() request: ExportRequest): Promise<void> {
    return this.service.export(request);
  }

  // @Delete(':id')
  helper(): string {
    return '@Get("not-a-route")';
  }
}

export class ExportRequest {
  accountNo: string;
  format?: string;
}
